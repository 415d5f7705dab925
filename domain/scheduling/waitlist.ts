// Waitlist priority and order. A waitlisted patient's priority starts at their urgency rank and
// grows by one rank for every 14 days they wait:
//
//     priority(now) = urgencyRank + (now − joinedAt) / 14 days
//     urgencyRank:  urgent 3, routine 2, non-urgent 1
//
// So a non-urgent entry that has waited 14 days ties with a routine entry that joins today, and
// after 28 days with an urgent one. Every entry ages at the same rate, so the order of two
// entries never changes with time and can be compared without a clock: a is ahead of b when
// rank(a) × 14 days − joinedAt(a) > rank(b) × 14 days − joinedAt(b). No entry starves: it
// is ahead of every entry that joins more than 28 days after it, because the largest rank gap
// is 2. So only the finitely many entries that joined before it or within those 28 days can
// ever be offered a slot first.
//
// Ties (same key) go to the earlier joinedAt, then to the smaller entryId, so the order is total
// and deterministic. Comparisons use integer milliseconds, never floating-point priorities.

import { ValidationError } from '../shared/errors';
import { DAY_MS, parseInstant } from './time';
import type { Urgency } from './urgency';

export type WaitlistUrgency = Exclude<Urgency, 'critical'>;

export const URGENCY_RANK: Readonly<Record<WaitlistUrgency, number>> = { urgent: 3, routine: 2, 'non-urgent': 1 };

// Two weeks per rank: the routine booking window, so a routine patient who could not be booked
// within their window is then treated like a fresh urgent one after a second window.
export const AGING_PERIOD_MS = 14 * DAY_MS;

export interface WaitlistEntry {
  entryId: string;
  patientId: string;
  specialty: string;
  urgency: WaitlistUrgency;
  joinedAt: string;
}

/** Returns the entry's priority at `now`, in urgency ranks; larger is offered first. */
export function waitlistPriority(entry: WaitlistEntry, now: string): number {
  const waitedMs = parseInstant('now', now) - parseInstant('joinedAt', entry.joinedAt);
  return rankOf(entry) + waitedMs / AGING_PERIOD_MS;
}

/** Orders two entries: negative when `a` is offered a slot before `b`. */
export function compareWaitlistEntries(a: WaitlistEntry, b: WaitlistEntry): number {
  const joinedA = parseInstant('joinedAt', a.joinedAt);
  const joinedB = parseInstant('joinedAt', b.joinedAt);
  const keyA = rankOf(a) * AGING_PERIOD_MS - joinedA;
  const keyB = rankOf(b) * AGING_PERIOD_MS - joinedB;

  if (keyA !== keyB) return keyB - keyA;
  if (joinedA !== joinedB) return joinedA - joinedB;
  if (a.entryId === b.entryId) return 0;
  return a.entryId < b.entryId ? -1 : 1;
}

/** Returns a copy of the entries in the order slots are offered to them. */
export function orderWaitlist(entries: readonly WaitlistEntry[]): WaitlistEntry[] {
  return [...entries].sort(compareWaitlistEntries);
}

function rankOf(entry: WaitlistEntry): number {
  const rank = URGENCY_RANK[entry.urgency];
  if (rank === undefined) {
    throw ValidationError.forField('urgency', `a waitlist entry must be urgent, routine or non-urgent; got ${JSON.stringify(entry.urgency)}`);
  }
  return rank;
}
