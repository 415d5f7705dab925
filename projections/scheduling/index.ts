import { appointmentsProjection } from './appointments.projection';
import { slotsProjection } from './slots.projection';
import { waitlistProjection } from './waitlist.projection';

export { appointmentsProjection, slotsProjection, waitlistProjection };

/** The scheduling read models: rm_slots, rm_appointments and rm_waitlist. */
export const schedulingProjections = [slotsProjection, appointmentsProjection, waitlistProjection];

/** Names accepted by `?waitFor=` on the scheduling write endpoints. */
export const SCHEDULING_PROJECTION_NAMES = ['slots', 'appointments', 'waitlist'] as const;
