// The state of one slot, folded from its events. A slot contains at most one active booking or
// one reschedule hold at a time. Bookings that left the slot are remembered, so a repeated
// cancel or reschedule of them is rejected with the reason.

import { assertNever } from '../shared/decider';
import type { CareMode, SlotEvent } from './slot-events';

export interface SlotDetails {
  slotId: string;
  providerId: string;
  facilityId: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  mode: CareMode;
  demo: boolean;
}

export interface ActiveBooking {
  bookingId: string;
  patientId: string;
  /** The reschedule hold this booking was confirmed from, if any. */
  fromHoldId?: string;
}

export interface RescheduleHold {
  holdId: string;
  patientId: string;
  fromSlotId: string;
  fromBookingId: string;
}

export interface ClosedBooking {
  patientId: string;
  outcome: 'cancelled' | 'rescheduled';
  toSlotId?: string;
}

interface OpenedSlot {
  slot: SlotDetails;
  closedBookings: Readonly<Record<string, ClosedBooking>>;
  releasedHoldIds: readonly string[];
}

export type SlotState =
  | { status: 'unopened' }
  | (OpenedSlot & { status: 'open' })
  | (OpenedSlot & { status: 'blocked' })
  | (OpenedSlot & { status: 'held'; hold: RescheduleHold })
  | (OpenedSlot & { status: 'booked'; booking: ActiveBooking });

export function initialSlotState(): SlotState {
  return { status: 'unopened' };
}

/** Applies one event. Events are facts, so an event that does not fit the state is a bug upstream. */
export function evolveSlot(state: SlotState, event: SlotEvent): SlotState {
  switch (event.type) {
    case 'SlotOpened': {
      const { slotId, providerId, facilityId, specialty, startsAt, endsAt, mode, demo } = event.data;
      const slot = { slotId, providerId, facilityId, specialty, startsAt, endsAt, mode, demo };
      return { status: 'open', slot, closedBookings: {}, releasedHoldIds: [] };
    }

    case 'SlotBooked': {
      const opened = requireOpened(state, event.type);
      const fromHoldId = state.status === 'held' ? state.hold.holdId : undefined;
      const booking: ActiveBooking = { bookingId: event.data.bookingId, patientId: event.data.patientId };
      return { ...withoutOccupant(opened), status: 'booked', booking: fromHoldId ? { ...booking, fromHoldId } : booking };
    }

    case 'BookingCancelled': {
      const opened = requireOpened(state, event.type);
      const closed: ClosedBooking = { patientId: event.data.patientId, outcome: 'cancelled' };
      return { ...withClosedBooking(opened, event.data.bookingId, closed), status: 'open' };
    }

    case 'BookingRescheduled': {
      const opened = requireOpened(state, event.type);
      const closed: ClosedBooking = {
        patientId: event.data.patientId,
        outcome: 'rescheduled',
        toSlotId: event.data.toSlotId,
      };
      return { ...withClosedBooking(opened, event.data.bookingId, closed), status: 'open' };
    }

    case 'SlotHeldForReschedule': {
      const opened = requireOpened(state, event.type);
      const { holdId, patientId, fromSlotId, fromBookingId } = event.data;
      return { ...withoutOccupant(opened), status: 'held', hold: { holdId, patientId, fromSlotId, fromBookingId } };
    }

    case 'SlotHoldReleased': {
      const opened = requireOpened(state, event.type);
      const releasedHoldIds = [...opened.releasedHoldIds, event.data.holdId];
      return { ...withoutOccupant(opened), status: 'open', releasedHoldIds };
    }

    case 'SlotBlocked':
      return { ...withoutOccupant(requireOpened(state, event.type)), status: 'blocked' };

    default:
      return assertNever(event, 'slot event');
  }
}

function requireOpened(state: SlotState, eventType: string): Exclude<SlotState, { status: 'unopened' }> {
  if (state.status === 'unopened') {
    throw new Error(`${eventType} applied to a slot stream without SlotOpened; the stream is corrupt`);
  }
  return state;
}

function withoutOccupant(state: Exclude<SlotState, { status: 'unopened' }>): OpenedSlot {
  const { slot, closedBookings, releasedHoldIds } = state;
  return { slot, closedBookings, releasedHoldIds };
}

function withClosedBooking(
  state: Exclude<SlotState, { status: 'unopened' }>,
  bookingId: string,
  closed: ClosedBooking,
): OpenedSlot {
  const opened = withoutOccupant(state);
  return { ...opened, closedBookings: { ...opened.closedBookings, [bookingId]: closed } };
}
