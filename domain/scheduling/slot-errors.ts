// Errors the slot aggregate raises that a handler enriches before they reach the client.

import { ConflictError } from '../shared/errors';

/** A free slot suggested to a patient whose chosen slot was taken. */
export interface AlternativeSlot {
  slotId: string;
  startsAt: string;
  facilityId: string;
  providerId: string;
}

export const SLOT_TAKEN = 'slot-taken';

/**
 * Builds the conflict for a slot that someone else booked or holds. The aggregate cannot see
 * other slots, so it raises this with no alternatives and the command handler raises it again
 * with the alternatives it found in the read model.
 */
export function slotTakenError(slotId: string, alternatives: readonly AlternativeSlot[] = []): ConflictError {
  return new ConflictError(
    `slot ${slotId} is already taken; choose one of the alternatives or search again`,
    [],
    { code: SLOT_TAKEN, slotId, alternatives: [...alternatives] },
  );
}

export function isSlotTakenError(error: unknown): error is ConflictError {
  return error instanceof ConflictError && error.extensions.code === SLOT_TAKEN;
}
