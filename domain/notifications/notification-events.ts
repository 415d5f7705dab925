// Events about messages and how patients want to receive them. Delivery events carry the
// message's idempotency key and the provider's status codes, never its body or its address.

import type { DomainEvent, EventDefinition } from '../shared/events';

export type ContactChannel = 'sms' | 'voice' | 'email';

export type ContactPreferencesSet = DomainEvent<
  'ContactPreferencesSet',
  { patientId: string; channel: ContactChannel; language: 'en' | 'fr'; phone: string | null; email: string | null; setAt: string }
>;
export type NotificationDelivered = DomainEvent<
  'NotificationDelivered',
  { idempotencyKey: string; provider: string; providerMessageId: string; providerStatus: string; deliveredAt: string }
>;
export type NotificationFailed = DomainEvent<
  'NotificationFailed',
  { idempotencyKey: string; provider: string; providerMessageId: string; providerStatus: string; errorCode: string | null; failedAt: string }
>;

export type NotificationEvent = ContactPreferencesSet | NotificationDelivered | NotificationFailed;

export const NOTIFICATION_EVENT_DEFINITIONS: EventDefinition<NotificationEvent['type']>[] = [
  { type: 'ContactPreferencesSet', schemaVersion: 1, phiFields: ['phone', 'email'] },
  { type: 'NotificationDelivered', schemaVersion: 1, phiFields: [] },
  { type: 'NotificationFailed', schemaVersion: 1, phiFields: [] },
];

/** Stream of a patient's contact preferences; the latest event wins. */
export const contactPreferencesStream = (patientId: string) => `contact-preferences-${patientId}`;
/** Stream of one message's delivery reports. */
export const notificationStream = (idempotencyKey: string) => `notification-${idempotencyKey}`;
