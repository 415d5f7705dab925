// Events of the slot stream, one stream per bookable slot ("slot-<slotId>"). A booking lives on
// the slot it occupies, and its bookingId is the appointment's id everywhere else in the product.

import type { DomainEvent, EventDefinition } from '../shared/events';

export type CareMode = 'in-person' | 'telemedicine';

export type CancellationReason =
  | 'patient-request'
  | 'provider-unavailable'
  | 'no-longer-needed'
  | 'reschedule-compensation';

export type HoldReleaseReason = 'reschedule-failed' | 'reschedule-abandoned';

export type SlotOpened = DomainEvent<
  'SlotOpened',
  {
    slotId: string;
    providerId: string;
    facilityId: string;
    specialty: string;
    startsAt: string;
    endsAt: string;
    mode: CareMode;
    /** True when the slot belongs to a generated demo schedule, never to a real clinic. */
    demo: boolean;
    openedAt: string;
  }
>;

export type SlotBooked = DomainEvent<
  'SlotBooked',
  {
    slotId: string;
    bookingId: string;
    patientId: string;
    bookedAt: string;
    bookedBy: string;
    /** Free text the patient gave for the visit, which is PHI. */
    visitReason?: string;
    /** Present when this booking is the new home of a rescheduled one. */
    rescheduledFrom?: { slotId: string; bookingId: string };
  }
>;

export type BookingCancelled = DomainEvent<
  'BookingCancelled',
  {
    slotId: string;
    bookingId: string;
    patientId: string;
    cancelledAt: string;
    cancelledBy: string;
    reason: CancellationReason;
  }
>;

export type SlotHeldForReschedule = DomainEvent<
  'SlotHeldForReschedule',
  {
    slotId: string;
    holdId: string;
    patientId: string;
    fromSlotId: string;
    fromBookingId: string;
    heldAt: string;
    heldBy: string;
  }
>;

export type BookingRescheduled = DomainEvent<
  'BookingRescheduled',
  {
    slotId: string;
    bookingId: string;
    patientId: string;
    toSlotId: string;
    holdId: string;
    rescheduledAt: string;
    rescheduledBy: string;
  }
>;

export type SlotHoldReleased = DomainEvent<
  'SlotHoldReleased',
  { slotId: string; holdId: string; releasedAt: string; reason: HoldReleaseReason }
>;

export type SlotBlocked = DomainEvent<
  'SlotBlocked',
  { slotId: string; blockedAt: string; blockedBy: string; reason: string }
>;

export type SlotEvent =
  | SlotOpened
  | SlotBooked
  | BookingCancelled
  | SlotHeldForReschedule
  | BookingRescheduled
  | SlotHoldReleased
  | SlotBlocked;

// Patient ids are pseudonymous keys and travel on topics. The free-text visit reason is the
// only clinical content a slot event carries.
export const slotEventDefinitions: readonly EventDefinition<SlotEvent['type']>[] = [
  { type: 'SlotOpened', schemaVersion: 1, phiFields: [] },
  { type: 'SlotBooked', schemaVersion: 1, phiFields: ['visitReason'] },
  { type: 'BookingCancelled', schemaVersion: 1, phiFields: [] },
  { type: 'SlotHeldForReschedule', schemaVersion: 1, phiFields: [] },
  { type: 'BookingRescheduled', schemaVersion: 1, phiFields: [] },
  { type: 'SlotHoldReleased', schemaVersion: 1, phiFields: [] },
  { type: 'SlotBlocked', schemaVersion: 1, phiFields: [] },
];
