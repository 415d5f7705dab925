// The notifications port: messages to patients. The embedded adapter writes each message to an
// outbox table the patient app shows. The SMS, voice and e-mail adapters (Twilio, SMTP) will
// deliver from the same port later. A message carries its idempotency key, so a saga or timer
// that runs twice sends it once.

export type NotificationCategory = 'appointment-reminder' | 'waitlist-offer';
export type NotificationChannel = 'sms' | 'email' | 'in-app';
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
}

export interface SentNotification extends OutboundNotification {
  status: 'queued' | 'sent' | 'failed';
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
