// The slot aggregate: one bookable period of one provider. decide is pure, so two BookSlot
// commands decided against the same version both return SlotBooked. The event store's
// expected-version check lets exactly one append win. The loser retries against the new state,
// where it meets the slot-taken conflict.
//
// A reschedule touches two slot streams and no transaction spans them, so it runs as three
// single-stream steps driven by the reschedule process (reschedule-process.ts):
//   1. HoldSlotForReschedule on the target: nobody else can take it from now on.
//   2. RescheduleBooking on the source: the old booking moves out and the source slot is free.
//   3. ConfirmRescheduleHold on the target: the hold becomes the patient's booking.
// If step 2 fails (the appointment was cancelled meanwhile, or has started), the process sends
// ReleaseSlotHold to the target. Step 3 cannot fail once step 2 succeeded, because only the
// process that placed a hold can release or confirm it.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { assertMayActForPatient } from './actor';
import type {
  BlockSlot,
  BookSlot,
  CancelBooking,
  ConfirmRescheduleHold,
  HoldSlotForReschedule,
  OpenSlot,
  ReleaseSlotHold,
  RescheduleBooking,
  SlotCommand,
} from './slot-commands';
import type { SlotEvent } from './slot-events';
import { slotTakenError } from './slot-errors';
import { evolveSlot, initialSlotState, type ActiveBooking, type SlotState } from './slot-state';
import { HOUR_MS, parseInstant } from './time';

type OpenedSlotState = Exclude<SlotState, { status: 'unopened' }>;

// The maximum length of one appointment, a half-day procedure block. Anything longer is a
// data-entry mistake in a schedule.
const MAX_SLOT_LENGTH_MS = 12 * HOUR_MS;

export function decideSlot(state: SlotState, command: SlotCommand): SlotEvent[] {
  switch (command.type) {
    case 'OpenSlot':
      return openSlot(state, command);
    case 'BookSlot':
      return bookSlot(state, command);
    case 'CancelBooking':
      return cancelBooking(state, command);
    case 'HoldSlotForReschedule':
      return holdSlotForReschedule(state, command);
    case 'RescheduleBooking':
      return rescheduleBooking(state, command);
    case 'ConfirmRescheduleHold':
      return confirmRescheduleHold(state, command);
    case 'ReleaseSlotHold':
      return releaseSlotHold(state, command);
    case 'BlockSlot':
      return blockSlot(state, command);
    default:
      return assertNever(command, 'slot command');
  }
}

export const slotDecider: Decider<SlotState, SlotCommand, SlotEvent> = {
  initialState: initialSlotState,
  decide: decideSlot,
  evolve: evolveSlot,
};

export function slotStreamName(slotId: string): string {
  return `slot-${slotId}`;
}

/** Returns the slot and instant an event frees a slot for someone else, or null. */
export function slotFreedBy(event: SlotEvent): { slotId: string; freedAt: string } | null {
  switch (event.type) {
    case 'BookingCancelled':
      return { slotId: event.data.slotId, freedAt: event.data.cancelledAt };
    case 'BookingRescheduled':
      return { slotId: event.data.slotId, freedAt: event.data.rescheduledAt };
    case 'SlotHoldReleased':
      return { slotId: event.data.slotId, freedAt: event.data.releasedAt };
    case 'SlotOpened':
    case 'SlotBooked':
    case 'SlotHeldForReschedule':
    case 'SlotBlocked':
      return null;
    default:
      return assertNever(event, 'slot event');
  }
}

function openSlot(state: SlotState, command: OpenSlot): SlotEvent[] {
  if (state.status !== 'unopened') {
    throw new ConflictError(`slot ${command.slotId} is already open; give the new slot its own id`);
  }

  const now = parseInstant('now', command.now);
  const startsAt = parseInstant('startsAt', command.startsAt);
  const endsAt = parseInstant('endsAt', command.endsAt);
  if (startsAt <= now) {
    throw ValidationError.forField('startsAt', `must be after now (${command.now}); got ${command.startsAt}`);
  }
  if (endsAt <= startsAt || endsAt - startsAt > MAX_SLOT_LENGTH_MS) {
    throw ValidationError.forField('endsAt', `must be after startsAt and at most 12 hours later; got ${command.endsAt}`);
  }

  const { slotId, providerId, facilityId, specialty, mode, demo } = command;
  const data = { slotId, providerId, facilityId, specialty, startsAt: command.startsAt, endsAt: command.endsAt, mode, demo };
  return [{ type: 'SlotOpened', data: { ...data, openedAt: command.now } }];
}

function bookSlot(state: SlotState, command: BookSlot): SlotEvent[] {
  assertMayActForPatient(command.actor, command.patientId, command.mayActForPatient, 'book an appointment');
  const slot = requireOpened(state, command.slotId);
  assertNotStarted(slot, command.now, 'slotId', 'booked');

  const isRetry = slot.status === 'booked' && slot.booking.bookingId === command.bookingId && slot.booking.patientId === command.patientId;
  if (isRetry) {
    return [];
  }
  assertFree(slot);
  if (slot.closedBookings[command.bookingId]) {
    throw new ConflictError(`booking id ${command.bookingId} was already used on slot ${command.slotId}; send a new booking id`);
  }

  const { slotId, bookingId, patientId, visitReason } = command;
  const data = { slotId, bookingId, patientId, bookedAt: command.now, bookedBy: command.actor.id };
  return [{ type: 'SlotBooked', data: visitReason === undefined ? data : { ...data, visitReason } }];
}

function cancelBooking(state: SlotState, command: CancelBooking): SlotEvent[] {
  const slot = requireOpened(state, command.slotId);
  const booking = requireActiveBooking(slot, command.bookingId, 'cancelled');
  assertMayActForPatient(command.actor, booking.patientId, command.mayActForPatient, 'cancel an appointment');
  assertAppointmentNotStarted(slot, command.now, command.bookingId, 'cancelled');

  const { slotId, bookingId, reason } = command;
  const data = { slotId, bookingId, patientId: booking.patientId, cancelledAt: command.now, cancelledBy: command.actor.id, reason };
  return [{ type: 'BookingCancelled', data }];
}

function holdSlotForReschedule(state: SlotState, command: HoldSlotForReschedule): SlotEvent[] {
  assertMayActForPatient(command.actor, command.patientId, command.mayActForPatient, 'reschedule an appointment');
  const slot = requireOpened(state, command.slotId);
  if (command.fromSlotId === command.slotId) {
    throw ValidationError.forField('slotId', `the new slot must differ from the current slot ${command.fromSlotId}`);
  }
  assertNotStarted(slot, command.now, 'slotId', 'held');

  if (slot.status === 'held' && slot.hold.holdId === command.holdId) {
    return [];
  }
  assertFree(slot);

  const { slotId, holdId, patientId, fromSlotId, fromBookingId } = command;
  const data = { slotId, holdId, patientId, fromSlotId, fromBookingId, heldAt: command.now, heldBy: command.actor.id };
  return [{ type: 'SlotHeldForReschedule', data }];
}

function rescheduleBooking(state: SlotState, command: RescheduleBooking): SlotEvent[] {
  const slot = requireOpened(state, command.slotId);
  const closed = slot.closedBookings[command.bookingId];
  if (closed?.outcome === 'rescheduled' && closed.toSlotId === command.toSlotId) {
    return [];
  }
  const booking = requireActiveBooking(slot, command.bookingId, 'rescheduled');
  assertMayActForPatient(command.actor, booking.patientId, command.mayActForPatient, 'reschedule an appointment');
  if (command.toSlotId === command.slotId) {
    throw ValidationError.forField('toSlotId', `must differ from the current slot ${command.slotId}`);
  }
  assertAppointmentNotStarted(slot, command.now, command.bookingId, 'rescheduled');

  const { slotId, bookingId, toSlotId, holdId } = command;
  const data = { slotId, bookingId, patientId: booking.patientId, toSlotId, holdId, rescheduledAt: command.now, rescheduledBy: command.actor.id };
  return [{ type: 'BookingRescheduled', data }];
}

function confirmRescheduleHold(state: SlotState, command: ConfirmRescheduleHold): SlotEvent[] {
  const slot = requireOpened(state, command.slotId);
  if (slot.status === 'booked' && slot.booking.fromHoldId === command.holdId) {
    return [];
  }
  if (slot.status !== 'held' || slot.hold.holdId !== command.holdId) {
    throw new ConflictError(`hold ${command.holdId} is not active on slot ${command.slotId}; it was released or never placed`);
  }

  // No start-time check here: the source booking is already gone, so refusing now would leave
  // the patient with no appointment at all.
  const { hold } = slot;
  const rescheduledFrom = { slotId: hold.fromSlotId, bookingId: hold.fromBookingId };
  const { slotId, bookingId } = command;
  const data = { slotId, bookingId, patientId: hold.patientId, bookedAt: command.now, bookedBy: command.actor.id, rescheduledFrom };
  return [{ type: 'SlotBooked', data }];
}

function releaseSlotHold(state: SlotState, command: ReleaseSlotHold): SlotEvent[] {
  const slot = requireOpened(state, command.slotId);
  if (slot.releasedHoldIds.includes(command.holdId)) {
    return [];
  }
  if (slot.status !== 'held' || slot.hold.holdId !== command.holdId) {
    throw new ConflictError(`hold ${command.holdId} is not active on slot ${command.slotId}; if it was confirmed, cancel the booking instead`);
  }

  return [{ type: 'SlotHoldReleased', data: { slotId: command.slotId, holdId: command.holdId, releasedAt: command.now, reason: command.reason } }];
}

function blockSlot(state: SlotState, command: BlockSlot): SlotEvent[] {
  if (command.actor.role !== 'provider' && command.actor.role !== 'admin') {
    throw new ForbiddenError(`${command.actor.role} ${command.actor.id} may not block slot ${command.slotId}; only providers and admins block slots`);
  }
  const slot = requireOpened(state, command.slotId);
  parseInstant('now', command.now);

  switch (slot.status) {
    case 'blocked':
      return [];
    case 'booked':
      throw new ConflictError(`slot ${command.slotId} has booking ${slot.booking.bookingId}; cancel it with reason provider-unavailable first so the patient is notified`);
    case 'held':
      throw new ConflictError(`slot ${command.slotId} is held for a reschedule (hold ${slot.hold.holdId}); block it after the reschedule finishes`);
    case 'open': {
      const { slotId, reason } = command;
      return [{ type: 'SlotBlocked', data: { slotId, blockedAt: command.now, blockedBy: command.actor.id, reason } }];
    }
    default:
      return assertNever(slot, 'slot state');
  }
}

function requireOpened(state: SlotState, slotId: string): OpenedSlotState {
  if (state.status === 'unopened') {
    throw new NotFoundError(`slot ${slotId} does not exist; search for open slots and book one of those`);
  }
  return state;
}

function assertFree(slot: OpenedSlotState): void {
  if (slot.status === 'booked' || slot.status === 'held') {
    throw slotTakenError(slot.slot.slotId);
  }
  if (slot.status === 'blocked') {
    throw new ConflictError(`slot ${slot.slot.slotId} was blocked by the provider; choose another slot`);
  }
}

function requireActiveBooking(slot: OpenedSlotState, bookingId: string, action: string): ActiveBooking {
  if (slot.status === 'booked' && slot.booking.bookingId === bookingId) {
    return slot.booking;
  }

  const closed = slot.closedBookings[bookingId];
  if (closed?.outcome === 'cancelled') {
    throw new ConflictError(`appointment ${bookingId} was cancelled, so it cannot be ${action}; book a new appointment instead`);
  }
  if (closed?.outcome === 'rescheduled') {
    throw new ConflictError(`appointment ${bookingId} was moved to slot ${closed.toSlotId}, so it cannot be ${action} here; act on the appointment in slot ${closed.toSlotId}`);
  }
  throw new NotFoundError(`appointment ${bookingId} was not found on slot ${slot.slot.slotId}`);
}

function assertNotStarted(slot: OpenedSlotState, nowIso: string, field: string, action: string): void {
  const now = parseInstant('now', nowIso);
  if (Date.parse(slot.slot.startsAt) <= now) {
    throw ValidationError.forField(field, `slot ${slot.slot.slotId} starts at ${slot.slot.startsAt}, not after now (${nowIso}), so it cannot be ${action}; choose a later slot`);
  }
}

function assertAppointmentNotStarted(slot: OpenedSlotState, nowIso: string, bookingId: string, action: string): void {
  const now = parseInstant('now', nowIso);
  if (Date.parse(slot.slot.startsAt) <= now) {
    throw new ConflictError(`appointment ${bookingId} started at ${slot.slot.startsAt}, so it can no longer be ${action}; record the visit or the no-show instead`);
  }
}
