// A message's delivery reports from its provider. The first final report wins: a provider that
// reports 'delivered' and later 'failed' for one message (a carrier correction) keeps the first,
// and a repeated report records nothing.

import type { Decider } from '../shared/decider';
import type { NotificationDelivered, NotificationFailed } from './notification-events';

export type DeliveryReport = NotificationDelivered | NotificationFailed;

export type DeliveryOutcome = 'pending' | 'delivered' | 'failed';

export const deliveryReportDecider: Decider<DeliveryOutcome, DeliveryReport, DeliveryReport> = {
  initialState: () => 'pending',
  decide: (outcome, report) => (outcome === 'pending' ? [report] : []),
  evolve: (_outcome, event) => (event.type === 'NotificationDelivered' ? 'delivered' : 'failed'),
};

/** Twilio's message and call statuses, read as final outcomes; the rest are on their way. */
export function twilioOutcome(status: string): 'sent' | 'delivered' | 'failed' {
  if (status === 'delivered' || status === 'completed' || status === 'read') return 'delivered';
  if (['failed', 'undelivered', 'busy', 'no-answer', 'canceled'].includes(status)) return 'failed';
  return 'sent';
}
