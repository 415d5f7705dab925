import { z } from 'zod';

import { URGENCIES } from '../../domain/scheduling';

// Request bodies of the scheduling write endpoints. Rules the slot and waitlist aggregates
// enforce (a slot in the past, a critical urgency on the waitlist) are checked there and
// answered with 422; these schemas check only shape and size (400).

// The patient id rule of the patient API (a FHIR id), repeated here because importing that
// controller would load the Runtime while features.ts is still loading.
export const patientIdParam = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'patientId must be a FHIR id: 1 to 64 letters, digits, "-" or "."');

export const schedulingId = z.string().regex(/^[A-Za-z0-9\-_.:]{1,100}$/, 'must be 1 to 100 letters, digits, "-", "_", "." or ":"');
const instant = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' });

// A weekly schedule of 15-minute slots over ten half-days is 120 slots; 500 leaves room for a
// month of one provider's schedule in a request.
const MAX_SLOTS_PER_REQUEST = 500;

export const openSlotsBody = z
  .object({
    slots: z
      .array(
        z
          .object({
            slotId: schedulingId,
            providerId: schedulingId,
            facilityId: schedulingId,
            specialty: z.string().min(1).max(64),
            startsAt: instant,
            endsAt: instant,
            mode: z.enum(['in-person', 'telemedicine']),
            demo: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1, 'needs at least one slot')
      .max(MAX_SLOTS_PER_REQUEST, `at most ${MAX_SLOTS_PER_REQUEST} slots per request`),
  })
  .strict();

export const bookAppointmentBody = z
  .object({
    slotId: schedulingId,
    patientId: patientIdParam,
    appointmentId: z.string().uuid('must be a UUID').optional(),
    urgency: z.enum(URGENCIES).optional(),
    visitReason: z.string().min(1).max(500).optional(),
  })
  .strict();

export const rescheduleBody = z.object({ toSlotId: schedulingId }).strict();

export const cancelBody = z
  .object({ reason: z.enum(['patient-request', 'provider-unavailable', 'no-longer-needed']).default('patient-request') })
  .strict()
  .default({});

export const joinWaitlistBody = z
  .object({
    entryId: z.string().uuid('must be a UUID').optional(),
    patientId: patientIdParam,
    specialty: z.string().min(1).max(64),
    urgency: z.enum(URGENCIES),
  })
  .strict();

export type OpenSlotsBody = z.infer<typeof openSlotsBody>;
export type BookAppointmentBody = z.infer<typeof bookAppointmentBody>;
export type RescheduleBody = z.infer<typeof rescheduleBody>;
export type CancelBody = z.infer<typeof cancelBody>;
export type JoinWaitlistBody = z.infer<typeof joinWaitlistBody>;
