// The waitlist entry aggregate, one stream per entry ("waitlist-entry-<entryId>"): a patient
// joins the waitlist for a specialty, and leaves it by withdrawing or by being booked.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { DomainEvent, EventDefinition } from '../shared/events';
import { assertMayActForPatient, type Actor } from './actor';
import { parseInstant } from './time';
import { URGENCY_RANK, type WaitlistEntry, type WaitlistUrgency } from './waitlist';

export type PatientWaitlisted = DomainEvent<'PatientWaitlisted', WaitlistEntry>;
export type WaitlistEntryWithdrawn = DomainEvent<'WaitlistEntryWithdrawn', { entryId: string; withdrawnAt: string; withdrawnBy: string }>;
export type WaitlistEntryFulfilled = DomainEvent<
  'WaitlistEntryFulfilled',
  { entryId: string; slotId: string; bookingId: string; fulfilledAt: string }
>;
export type WaitlistEvent = PatientWaitlisted | WaitlistEntryWithdrawn | WaitlistEntryFulfilled;

export const waitlistEventDefinitions: readonly EventDefinition<WaitlistEvent['type']>[] = [
  { type: 'PatientWaitlisted', schemaVersion: 1, phiFields: [] },
  { type: 'WaitlistEntryWithdrawn', schemaVersion: 1, phiFields: [] },
  { type: 'WaitlistEntryFulfilled', schemaVersion: 1, phiFields: [] },
];

export interface JoinWaitlist {
  type: 'JoinWaitlist';
  entryId: string;
  patientId: string;
  specialty: string;
  urgency: WaitlistUrgency | 'critical';
  actor: Actor;
  mayActForPatient: boolean;
  now: string;
}

export interface WithdrawFromWaitlist {
  type: 'WithdrawFromWaitlist';
  entryId: string;
  actor: Actor;
  mayActForPatient: boolean;
  now: string;
}

/** Sent by the backfill process once the patient's booking is in the slot stream. */
export interface FulfilWaitlistEntry {
  type: 'FulfilWaitlistEntry';
  entryId: string;
  slotId: string;
  bookingId: string;
  now: string;
}

export type WaitlistCommand = JoinWaitlist | WithdrawFromWaitlist | FulfilWaitlistEntry;

export type WaitlistEntryState =
  | { status: 'none' }
  | { status: 'waiting' | 'withdrawn' | 'fulfilled'; entry: WaitlistEntry };

export function decideWaitlistEntry(state: WaitlistEntryState, command: WaitlistCommand): WaitlistEvent[] {
  switch (command.type) {
    case 'JoinWaitlist':
      return joinWaitlist(state, command);
    case 'WithdrawFromWaitlist': {
      const entry = requireWaiting(state, command.entryId, 'withdrawn');
      assertMayActForPatient(command.actor, entry.patientId, command.mayActForPatient, 'leave the waitlist');
      parseInstant('now', command.now);
      return [{ type: 'WaitlistEntryWithdrawn', data: { entryId: command.entryId, withdrawnAt: command.now, withdrawnBy: command.actor.id } }];
    }
    case 'FulfilWaitlistEntry': {
      if (state.status === 'fulfilled') return [];
      requireWaiting(state, command.entryId, 'fulfilled');
      const { entryId, slotId, bookingId } = command;
      return [{ type: 'WaitlistEntryFulfilled', data: { entryId, slotId, bookingId, fulfilledAt: command.now } }];
    }
    default:
      return assertNever(command, 'waitlist command');
  }
}

export function evolveWaitlistEntry(state: WaitlistEntryState, event: WaitlistEvent): WaitlistEntryState {
  switch (event.type) {
    case 'PatientWaitlisted':
      return { status: 'waiting', entry: event.data };
    case 'WaitlistEntryWithdrawn':
      return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
    case 'WaitlistEntryFulfilled':
      return state.status === 'none' ? state : { ...state, status: 'fulfilled' };
    default:
      return assertNever(event, 'waitlist event');
  }
}

export const waitlistEntryDecider: Decider<WaitlistEntryState, WaitlistCommand, WaitlistEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: decideWaitlistEntry,
  evolve: evolveWaitlistEntry,
};

function joinWaitlist(state: WaitlistEntryState, command: JoinWaitlist): WaitlistEvent[] {
  assertMayActForPatient(command.actor, command.patientId, command.mayActForPatient, 'join the waitlist');
  if (command.urgency === 'critical') {
    throw ValidationError.forField('urgency', 'a critical patient needs emergency care now, not a waitlist; call 911 or go to the nearest emergency department');
  }
  if (!(command.urgency in URGENCY_RANK)) {
    throw ValidationError.forField('urgency', `must be urgent, routine or non-urgent; got ${JSON.stringify(command.urgency)}`);
  }
  if (command.specialty.trim() === '') {
    throw ValidationError.forField('specialty', 'must name a specialty, such as family-medicine');
  }
  if (state.status !== 'none') {
    throw new ConflictError(`waitlist entry ${command.entryId} already exists; send a new entry id`);
  }
  parseInstant('now', command.now);

  const { entryId, patientId, specialty, urgency } = command;
  return [{ type: 'PatientWaitlisted', data: { entryId, patientId, specialty, urgency, joinedAt: command.now } }];
}

function requireWaiting(state: WaitlistEntryState, entryId: string, action: string): WaitlistEntry {
  if (state.status === 'none') {
    throw new NotFoundError(`waitlist entry ${entryId} was not found`);
  }
  if (state.status !== 'waiting') {
    throw new ConflictError(`waitlist entry ${entryId} is already ${state.status}, so it cannot be ${action}`);
  }
  return state.entry;
}
