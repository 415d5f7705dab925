import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9\-_.:]{1,100}$/, 'must be 1 to 100 letters, digits, "-", "_", "." or ":"');
const instant = z.string().datetime({ offset: true, message: 'must be an ISO 8601 timestamp with a time zone' });

export const checkInIdParam = id;
export const patientIdParam = id;

export const answersBody = z
  .object({
    answers: z.record(z.string(), z.union([z.number(), z.boolean()])),
    /** When the patient answered; defaults to when the answer arrived. */
    answeredAt: instant.optional(),
  })
  .strict();
export type AnswersBody = z.infer<typeof answersBody>;

export const doseBody = z
  .object({
    doseId: id.optional(),
    medication: z.string().trim().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer'),
    scheduledFor: instant,
    status: z.enum(['confirmed', 'missed']),
  })
  .strict();
export type DoseBody = z.infer<typeof doseBody>;

export const startPlanBody = z
  .object({
    patientId: id,
    journeyId: id,
    conditionCode: z.string().min(1).max(40),
    startedAt: instant.optional(),
  })
  .strict();
export type StartPlanBody = z.infer<typeof startPlanBody>;

export const contactPreferencesBody = z
  .object({
    channel: z.enum(['sms', 'voice', 'email']),
    language: z.enum(['en', 'fr']),
    phone: z.string().nullable().default(null),
    email: z.string().email('must be an e-mail address').nullable().default(null),
  })
  .strict();
export type ContactPreferencesBody = z.infer<typeof contactPreferencesBody>;
