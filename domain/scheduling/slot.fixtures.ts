// Typed fixture factories for slot tests. Every factory takes overrides, so a test states only
// the fields its case depends on. Times are fixed: "now" is a Monday afternoon in Toronto and
// the slot starts two days later.

import { foldEvents } from '../shared/decider';
import type { Actor } from './actor';
import type { BookSlot, CancelBooking, OpenSlot, SlotCommand } from './slot-commands';
import type { BookingCancelled, SlotBooked, SlotEvent, SlotOpened } from './slot-events';
import { slotDecider } from './slot';

export const NOW = '2025-03-03T19:00:00.000Z';
export const SLOT_STARTS_AT = '2025-03-05T15:00:00.000Z';
export const SLOT_ENDS_AT = '2025-03-05T15:20:00.000Z';

export const patientActor = (patientId = 'patient-1'): Actor => ({ id: patientId, role: 'patient' });
export const clinicActor: Actor = { id: 'provider-staff-1', role: 'provider' };

export function slotOpened(overrides: Partial<SlotOpened['data']> = {}): SlotOpened {
  return {
    type: 'SlotOpened',
    data: {
      slotId: 'slot-1',
      providerId: 'provider-1',
      facilityId: 'facility-1',
      specialty: 'family-medicine',
      startsAt: SLOT_STARTS_AT,
      endsAt: SLOT_ENDS_AT,
      mode: 'in-person',
      demo: true,
      openedAt: '2025-03-01T12:00:00.000Z',
      ...overrides,
    },
  };
}

export function slotBooked(overrides: Partial<SlotBooked['data']> = {}): SlotBooked {
  return {
    type: 'SlotBooked',
    data: { slotId: 'slot-1', bookingId: 'booking-1', patientId: 'patient-1', bookedAt: NOW, bookedBy: 'patient-1', ...overrides },
  };
}

export function bookingCancelled(overrides: Partial<BookingCancelled['data']> = {}): BookingCancelled {
  return {
    type: 'BookingCancelled',
    data: {
      slotId: 'slot-1',
      bookingId: 'booking-1',
      patientId: 'patient-1',
      cancelledAt: NOW,
      cancelledBy: 'patient-1',
      reason: 'patient-request',
      ...overrides,
    },
  };
}

export function openSlot(overrides: Partial<OpenSlot> = {}): OpenSlot {
  const { slotId, providerId, facilityId, specialty, startsAt, endsAt, mode, demo } = slotOpened().data;
  const data = { slotId, providerId, facilityId, specialty, startsAt, endsAt, mode, demo };
  return { type: 'OpenSlot', ...data, now: NOW, ...overrides };
}

export function bookSlot(overrides: Partial<BookSlot> = {}): BookSlot {
  return {
    type: 'BookSlot',
    slotId: 'slot-1',
    bookingId: 'booking-1',
    patientId: 'patient-1',
    actor: patientActor(),
    mayActForPatient: false,
    now: NOW,
    ...overrides,
  };
}

export function cancelBooking(overrides: Partial<CancelBooking> = {}): CancelBooking {
  return {
    type: 'CancelBooking',
    slotId: 'slot-1',
    bookingId: 'booking-1',
    actor: patientActor(),
    mayActForPatient: false,
    reason: 'patient-request',
    now: NOW,
    ...overrides,
  };
}

/** Given these events, when this command: the events decide returns (or the error it throws). */
export function whenSlot(given: readonly SlotEvent[], command: SlotCommand): SlotEvent[] {
  return slotDecider.decide(foldEvents(slotDecider, given), command);
}
