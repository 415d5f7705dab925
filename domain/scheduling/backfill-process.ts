// The backfill process manager: when a booked slot is freed, offer it to the waitlist in
// priority order, one patient at a time, each with a deadline to answer.
//
//   SlotFreedForBackfill  → BackfillStarted, SlotOffered, OfferDeadlineScheduled
//   accept                → OfferAccepted (the runner sends BookSlot for the patient)
//   decline or deadline   → OfferDeclined or OfferExpired, then the next patient's offer
//   booking outcome       → BackfillCompleted (the runner fulfils the waitlist entry), or the
//                           next patient if this one could not be booked, or BackfillAbandoned
//                           when someone else took the slot
//
// decide and evolve are pure and stored like an aggregate's, so a restart replays the stream
// and resumes at the same offer. Commands are derived from stored events with ids derived from
// the offer id, so dispatching them again after a crash books nothing twice.

import { assertNever, type Decider } from '../shared/decider';
import type { Actor } from './actor';
import type {
  BackfillAbandonReason,
  BackfillEvent,
  BackfillMessage,
  OfferAnswered,
  QueuedPatient,
  SlotFreedForBackfill,
} from './backfill-events';
import type { BookSlot } from './slot-commands';
import { formatInstant, HOUR_MS, MINUTE_MS, parseInstant } from './time';
import { orderWaitlist } from './waitlist';
import type { FulfilWaitlistEntry } from './waitlist-entry';

// Two hours to answer gives a patient at work a fair chance to see the SMS, and the answer must
// come two hours before the visit so the patient has time to get there.
export const OFFER_RESPONSE_WINDOW_MS = 2 * HOUR_MS;
export const LATEST_ANSWER_BEFORE_START_MS = 2 * HOUR_MS;
// An offer that leaves less than 15 minutes to answer is noise, so the process stops instead.
export const MIN_RESPONSE_WINDOW_MS = 15 * MINUTE_MS;

export const BACKFILL_ACTOR: Actor = { id: 'backfill-process', role: 'system' };

interface CurrentOffer {
  offerId: string;
  entryId: string;
  patientId: string;
}

interface BackfillDetails {
  backfillId: string;
  slotId: string;
  slotStartsAt: string;
  queue: readonly QueuedPatient[];
  /** How many queued patients have been offered the slot so far. */
  offersMade: number;
}

export type BackfillState =
  | { status: 'not-started' }
  | (BackfillDetails & { status: 'offering' | 'booking'; offer: CurrentOffer })
  | (BackfillDetails & { status: 'started' | 'completed' | 'abandoned' });

export function decideBackfill(state: BackfillState, message: BackfillMessage): BackfillEvent[] {
  switch (message.type) {
    case 'SlotFreedForBackfill':
      return state.status === 'not-started' ? startBackfill(message) : [];
    case 'OfferAnswered':
      return answerOffer(state, message);
    case 'OfferDeadlineReached':
      if (state.status !== 'offering' || state.offer.offerId !== message.offerId) return [];
      return [
        { type: 'OfferExpired', data: { backfillId: state.backfillId, offerId: message.offerId, expiredAt: message.firedAt } },
        ...offerNext(state, message.firedAt),
      ];
    case 'BackfillBookingOutcome':
      return recordBookingOutcome(state, message);
    default:
      return assertNever(message, 'backfill message');
  }
}

export function evolveBackfill(state: BackfillState, event: BackfillEvent): BackfillState {
  switch (event.type) {
    case 'BackfillStarted': {
      const { backfillId, slotId, slotStartsAt, queue } = event.data;
      return { status: 'started', backfillId, slotId, slotStartsAt, queue, offersMade: 0 };
    }
    case 'SlotOffered': {
      const details = requireStarted(state, event.type);
      const { offerId, entryId, patientId } = event.data;
      return { ...details, status: 'offering', offersMade: details.offersMade + 1, offer: { offerId, entryId, patientId } };
    }
    case 'OfferAccepted':
      return state.status === 'offering' ? { ...state, status: 'booking' } : state;
    case 'BackfillCompleted':
      return { ...requireStarted(state, event.type), status: 'completed' };
    case 'BackfillAbandoned':
      return { ...requireStarted(state, event.type), status: 'abandoned' };
    case 'OfferDeadlineScheduled':
    case 'OfferDeclined':
    case 'OfferExpired':
      return state;
    default:
      return assertNever(event, 'backfill event');
  }
}

export const backfillDecider: Decider<BackfillState, BackfillMessage, BackfillEvent> = {
  initialState: () => ({ status: 'not-started' }),
  decide: decideBackfill,
  evolve: evolveBackfill,
};

/** Returns the commands the runner dispatches after storing `event`; ids make them idempotent. */
export function backfillCommandsFor(event: BackfillEvent): (BookSlot | FulfilWaitlistEntry)[] {
  switch (event.type) {
    case 'OfferAccepted': {
      const { slotId, bookingId, patientId, acceptedAt } = event.data;
      // The patient accepting the offer is their consent to book it on their behalf.
      return [{ type: 'BookSlot', slotId, bookingId, patientId, actor: BACKFILL_ACTOR, mayActForPatient: true, now: acceptedAt }];
    }
    case 'BackfillCompleted': {
      const { entryId, slotId, bookingId, completedAt } = event.data;
      return [{ type: 'FulfilWaitlistEntry', entryId, slotId, bookingId, now: completedAt }];
    }
    case 'BackfillStarted':
    case 'SlotOffered':
    case 'OfferDeadlineScheduled':
    case 'OfferDeclined':
    case 'OfferExpired':
    case 'BackfillAbandoned':
      return [];
    default:
      return assertNever(event, 'backfill event');
  }
}

export function backfillBookingId(offerId: string): string {
  return `booking-${offerId}`;
}

function startBackfill(message: SlotFreedForBackfill): BackfillEvent[] {
  const queue = orderWaitlist(message.waitlist.filter((entry) => entry.specialty === message.specialty)).map(
    ({ entryId, patientId }) => ({ entryId, patientId }),
  );
  const { backfillId, slotId, specialty, slotStartsAt, freedAt } = message;

  const started: BackfillEvent = { type: 'BackfillStarted', data: { backfillId, slotId, specialty, slotStartsAt, queue, startedAt: freedAt } };
  const details: BackfillDetails = { backfillId, slotId, slotStartsAt, queue, offersMade: 0 };
  return [started, ...offerNext(details, freedAt)];
}

function answerOffer(state: BackfillState, message: OfferAnswered): BackfillEvent[] {
  // An answer that arrives after the deadline fired is for an offer that is no longer current.
  if (state.status !== 'offering' || state.offer.offerId !== message.offerId) return [];

  const { backfillId, slotId, offer } = state;
  if (message.answer === 'decline') {
    return [
      { type: 'OfferDeclined', data: { backfillId, offerId: offer.offerId, declinedAt: message.answeredAt } },
      ...offerNext(state, message.answeredAt),
    ];
  }

  const { offerId, entryId, patientId } = offer;
  const bookingId = backfillBookingId(offerId);
  return [{ type: 'OfferAccepted', data: { backfillId, offerId, slotId, entryId, patientId, bookingId, acceptedAt: message.answeredAt } }];
}

function recordBookingOutcome(state: BackfillState, message: BackfillMessage & { type: 'BackfillBookingOutcome' }): BackfillEvent[] {
  if (state.status !== 'booking' || state.offer.offerId !== message.offerId) return [];

  const { backfillId, slotId, offer } = state;
  switch (message.outcome) {
    case 'booked': {
      const data = { backfillId, slotId, entryId: offer.entryId, bookingId: backfillBookingId(offer.offerId), completedAt: message.at };
      return [{ type: 'BackfillCompleted', data }];
    }
    case 'slot-unavailable':
      return [abandon(state, 'slot-unavailable', message.at)];
    case 'rejected':
      return offerNext(state, message.at);
    default:
      return assertNever(message.outcome, 'booking outcome');
  }
}

function offerNext(details: BackfillDetails, nowIso: string): BackfillEvent[] {
  const next = details.queue[details.offersMade];
  if (!next) {
    return [abandon(details, 'waitlist-exhausted', nowIso)];
  }

  const now = parseInstant('now', nowIso);
  const latestAnswer = parseInstant('slotStartsAt', details.slotStartsAt) - LATEST_ANSWER_BEFORE_START_MS;
  const respondBy = Math.min(now + OFFER_RESPONSE_WINDOW_MS, latestAnswer);
  if (respondBy - now < MIN_RESPONSE_WINDOW_MS) {
    return [abandon(details, 'too-close-to-start', nowIso)];
  }

  const { backfillId, slotId } = details;
  const offerId = `${backfillId}-offer-${details.offersMade + 1}`;
  const dueAt = formatInstant(respondBy);
  const { entryId, patientId } = next;
  return [
    { type: 'SlotOffered', data: { backfillId, offerId, slotId, entryId, patientId, offeredAt: nowIso, respondBy: dueAt } },
    { type: 'OfferDeadlineScheduled', data: { backfillId, offerId, dueAt } },
  ];
}

function abandon(details: BackfillDetails, reason: BackfillAbandonReason, abandonedAt: string): BackfillEvent {
  return { type: 'BackfillAbandoned', data: { backfillId: details.backfillId, slotId: details.slotId, reason, abandonedAt } };
}

function requireStarted(state: BackfillState, eventType: string): BackfillDetails {
  if (state.status === 'not-started') {
    throw new Error(`${eventType} applied to a backfill stream without BackfillStarted; the stream is corrupt`);
  }
  const { backfillId, slotId, slotStartsAt, queue, offersMade } = state;
  return { backfillId, slotId, slotStartsAt, queue, offersMade };
}
