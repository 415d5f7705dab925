// Commands the slot aggregate decides. Each carries `now` (or the instant it is named after)
// and the ids it creates, so the decision is pure.

import type { Actor } from './actor';
import type { CancellationReason, CareMode, HoldReleaseReason } from './slot-events';

export interface OpenSlot {
  type: 'OpenSlot';
  slotId: string;
  providerId: string;
  facilityId: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  mode: CareMode;
  demo: boolean;
  now: string;
}

export interface BookSlot {
  type: 'BookSlot';
  slotId: string;
  bookingId: string;
  patientId: string;
  actor: Actor;
  /** Whether the write API found that the actor may act for this patient. */
  mayActForPatient: boolean;
  visitReason?: string;
  now: string;
}

export interface CancelBooking {
  type: 'CancelBooking';
  slotId: string;
  bookingId: string;
  actor: Actor;
  mayActForPatient: boolean;
  reason: CancellationReason;
  now: string;
}

/** Step 1 of a reschedule, sent to the target slot: keep it for the patient. */
export interface HoldSlotForReschedule {
  type: 'HoldSlotForReschedule';
  slotId: string;
  holdId: string;
  patientId: string;
  fromSlotId: string;
  fromBookingId: string;
  actor: Actor;
  mayActForPatient: boolean;
  now: string;
}

/** Step 2 of a reschedule, sent to the source slot: move the booking out and free the slot. */
export interface RescheduleBooking {
  type: 'RescheduleBooking';
  slotId: string;
  bookingId: string;
  toSlotId: string;
  holdId: string;
  actor: Actor;
  mayActForPatient: boolean;
  now: string;
}

/** Step 3 of a reschedule, sent to the target slot: turn the hold into the booking. */
export interface ConfirmRescheduleHold {
  type: 'ConfirmRescheduleHold';
  slotId: string;
  holdId: string;
  bookingId: string;
  actor: Actor;
  now: string;
}

/** Compensation of step 1 when step 2 fails. */
export interface ReleaseSlotHold {
  type: 'ReleaseSlotHold';
  slotId: string;
  holdId: string;
  reason: HoldReleaseReason;
  now: string;
}

export interface BlockSlot {
  type: 'BlockSlot';
  slotId: string;
  actor: Actor;
  reason: string;
  now: string;
}

export type SlotCommand =
  | OpenSlot
  | BookSlot
  | CancelBooking
  | HoldSlotForReschedule
  | RescheduleBooking
  | ConfirmRescheduleHold
  | ReleaseSlotHold
  | BlockSlot;
