// Events and messages of the backfill process, which offers a freed slot to the waitlist.
// The process stream ("backfill-<backfillId>") stores these events; the saga runner feeds it
// the messages and dispatches the commands that backfillCommandsFor derives from the events.

import type { DomainEvent, EventDefinition } from '../shared/events';
import type { WaitlistEntry } from './waitlist';

export type BackfillAbandonReason = 'waitlist-exhausted' | 'too-close-to-start' | 'slot-unavailable';

export interface QueuedPatient {
  entryId: string;
  patientId: string;
}

export type BackfillStarted = DomainEvent<
  'BackfillStarted',
  {
    backfillId: string;
    slotId: string;
    specialty: string;
    slotStartsAt: string;
    /** The waitlist in offer order when the slot was freed; replays use this, not today's list. */
    queue: QueuedPatient[];
    startedAt: string;
  }
>;

export type SlotOffered = DomainEvent<
  'SlotOffered',
  { backfillId: string; offerId: string; slotId: string; entryId: string; patientId: string; offeredAt: string; respondBy: string }
>;

/** Asks the timer service to deliver OfferDeadlineReached for this offer at dueAt. */
export type OfferDeadlineScheduled = DomainEvent<'OfferDeadlineScheduled', { backfillId: string; offerId: string; dueAt: string }>;

export type OfferDeclined = DomainEvent<'OfferDeclined', { backfillId: string; offerId: string; declinedAt: string }>;
export type OfferExpired = DomainEvent<'OfferExpired', { backfillId: string; offerId: string; expiredAt: string }>;
export type OfferAccepted = DomainEvent<
  'OfferAccepted',
  { backfillId: string; offerId: string; slotId: string; entryId: string; patientId: string; bookingId: string; acceptedAt: string }
>;

export type BackfillCompleted = DomainEvent<
  'BackfillCompleted',
  { backfillId: string; slotId: string; entryId: string; bookingId: string; completedAt: string }
>;

export type BackfillAbandoned = DomainEvent<
  'BackfillAbandoned',
  { backfillId: string; slotId: string; reason: BackfillAbandonReason; abandonedAt: string }
>;

export type BackfillEvent =
  | BackfillStarted
  | SlotOffered
  | OfferDeadlineScheduled
  | OfferDeclined
  | OfferExpired
  | OfferAccepted
  | BackfillCompleted
  | BackfillAbandoned;

export const backfillEventDefinitions: readonly EventDefinition<BackfillEvent['type']>[] = [
  { type: 'BackfillStarted', schemaVersion: 1, phiFields: [] },
  { type: 'SlotOffered', schemaVersion: 1, phiFields: [] },
  { type: 'OfferDeadlineScheduled', schemaVersion: 1, phiFields: [] },
  { type: 'OfferDeclined', schemaVersion: 1, phiFields: [] },
  { type: 'OfferExpired', schemaVersion: 1, phiFields: [] },
  { type: 'OfferAccepted', schemaVersion: 1, phiFields: [] },
  { type: 'BackfillCompleted', schemaVersion: 1, phiFields: [] },
  { type: 'BackfillAbandoned', schemaVersion: 1, phiFields: [] },
];

/** Starts a backfill. The runner sends it for an event that frees a slot (see slotFreedBy). */
export interface SlotFreedForBackfill {
  type: 'SlotFreedForBackfill';
  backfillId: string;
  slotId: string;
  specialty: string;
  slotStartsAt: string;
  /** The waiting entries for the specialty, in any order; the process orders them. */
  waitlist: readonly WaitlistEntry[];
  freedAt: string;
}

export interface OfferAnswered {
  type: 'OfferAnswered';
  offerId: string;
  answer: 'accept' | 'decline';
  answeredAt: string;
}

/** Delivered by the timer service at the dueAt of an OfferDeadlineScheduled, possibly late or twice. */
export interface OfferDeadlineReached {
  type: 'OfferDeadlineReached';
  offerId: string;
  firedAt: string;
}

export interface BackfillBookingOutcome {
  type: 'BackfillBookingOutcome';
  offerId: string;
  outcome: 'booked' | 'slot-unavailable' | 'rejected';
  at: string;
}

export type BackfillMessage = SlotFreedForBackfill | OfferAnswered | OfferDeadlineReached | BackfillBookingOutcome;
