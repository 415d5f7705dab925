// The scheduling context's public surface: the slot aggregate and its reschedule process, the
// waitlist and its backfill process, the slot finder, reminders and the queueing model.

export type { Actor, ActorRole } from './actor';
export { assertMayActForPatient } from './actor';

export * from './slot-events';
export type * from './slot-commands';
export type { ActiveBooking, ClosedBooking, RescheduleHold, SlotDetails, SlotState } from './slot-state';
export { evolveSlot, initialSlotState } from './slot-state';
export { decideSlot, slotDecider, slotFreedBy, slotStreamName } from './slot';
export { isSlotTakenError, SLOT_TAKEN, slotTakenError, type AlternativeSlot } from './slot-errors';
export * from './reschedule-process';

export * from './urgency';
export { assertCoordinates, haversineKm, type Coordinates } from './geo';
export * from './slot-scoring';
export * from './slot-finder';

export * from './waitlist';
export * from './waitlist-entry';
export * from './backfill-events';
export * from './backfill-process';

export * from './erlang-c';
export * from './queue-rates';
export * from './reminders';
export { DAY_MS, HOUR_MS, MINUTE_MS, parseInstant, formatInstant } from './time';
