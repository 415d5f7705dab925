// The notifications port: messages to patients and to care teams. Every message is first written
// to an outbox table the patient app shows; the dispatcher (outbox-dispatcher.ts) then delivers
// the queued ones through the configured DeliverySender (delivery.port.ts: Twilio, SMTP or the
// sandbox). A message carries its idempotency key, so a saga or timer that runs twice sends it once.

export type NotificationCategory = 'appointment-reminder' | 'waitlist-offer' | 'ride-booked' | 'check-in-due' | 'escalation' | 'rebooking-offer';
/** 'in-app' messages are only shown in the app; the others are also delivered by the dispatcher. */
export type NotificationChannel = 'sms' | 'voice' | 'email' | 'in-app';
/** A care-team message concerns a patient but goes to the team's address from the configuration. */
export type NotificationAudience = 'patient' | 'care-team';
export type NotificationLanguage = 'en' | 'fr';

export interface OutboundNotification {
  /** The same key twice stores and sends the message once. */
  idempotencyKey: string;
  patientId: string;
  category: NotificationCategory;
  channel: NotificationChannel;
  /** The language `body` is written in, the patient's preferred one. */
  language: NotificationLanguage;
  body: string;
  /** The appointment or offer the message is about. */
  relatedId: string;
  /** Defaults to 'patient'. */
  audience?: NotificationAudience;
  /** The e-mail subject; SMS and voice ignore it. */
  subject?: string;
}

export interface SentNotification extends OutboundNotification {
  /** 'sending' while a delivery is in flight; 'delivered' once the provider (or the sandbox) confirms it. */
  status: 'queued' | 'sending' | 'sent' | 'delivered' | 'failed';
  queuedAt: string;
}

export interface NotificationSender {
  /** Queues the message; returns false when a message with its idempotency key was already queued. */
  send(notification: OutboundNotification): Promise<boolean>;
}

export interface NotificationOutbox extends NotificationSender {
  /** Lists a patient's messages, newest first. */
  listForPatient(patientId: string, limit: number): Promise<SentNotification[]>;
}

/** Injection token of the configured NotificationOutbox. */
export const NOTIFICATION_OUTBOX = Symbol('NotificationOutbox');
