// Request bodies of the triage write endpoints. These schemas check shape and types (400). The
// triage domain then checks values against its rules (422): age range, complaint ids, question
// ids, answer options, free-text length and the plausible range of each vital sign.

import { z } from 'zod';

import { plausibleRanges, type VitalSign } from '../../domain/triage';

const sessionId = z.string().uuid('must be the sessionId returned by POST /api/v1/triage/start');
const isoDateTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' });
const text = z.string({ invalid_type_error: 'must be text' });

/** Question ids in the catalogue are at most 30 characters long, so 100 leaves room for new ones. */
const questionId = z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

const answer = z.union([z.boolean(), z.number(), z.string()], {
  errorMap: () => ({ message: 'must be true or false, a number, or text, as the question kind requires' }),
});

const vitalSigns = z
  .object(
    Object.fromEntries(
      (Object.keys(plausibleRanges) as VitalSign[]).map((name) => [
        name,
        z.number({ invalid_type_error: `must be a number in ${plausibleRanges[name].unit}` }).optional(),
      ]),
    ) as Record<VitalSign, z.ZodOptional<z.ZodNumber>>,
  )
  .strict();

export const startTriageBody = z
  .object({
    patientId: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id: 1 to 64 letters, digits, "-" or "."').optional(),
    locale: z.enum(['en', 'fr'], { message: 'must be en or fr' }).default('en'),
    age: z.number({ required_error: 'is required: the rules use adult criteria', invalid_type_error: 'must be a number of years' }),
    sex: z.enum(['female', 'male', 'other', 'unknown'], { message: 'must be female, male, other or unknown' }),
    complaintId: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    complaintText: text.optional(),
  })
  .strict()
  .refine((body) => body.complaintId !== undefined || body.complaintText !== undefined, {
    path: ['complaintId'],
    message: 'is required when complaintText is absent; pick a complaint from GET /api/v1/triage/complaints or describe it in complaintText',
  });

export const respondTriageBody = z
  .object({
    sessionId,
    answers: z
      .array(z.object({ questionId, answer }).strict())
      .max(100, 'must hold at most 100 answers')
      .default([])
      .superRefine((answers, context) => {
        const seen = new Set<string>();
        answers.forEach(({ questionId: id }, index) => {
          if (seen.has(id)) {
            context.addIssue({ code: 'custom', path: [index, 'questionId'], message: `answers question ${id} twice; send one answer per question` });
          }
          seen.add(id);
        });
      }),
    vitals: vitalSigns.optional(),
    measuredAt: isoDateTime.optional(),
    finish: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
  })
  .strict()
  .refine((body) => body.measuredAt === undefined || body.vitals !== undefined, {
    path: ['measuredAt'],
    message: 'applies to vital signs; send it together with vitals',
  });

export const escalateTriageBody = z.object({ sessionId, reason: text }).strict();

/** `?waitFor=triage` makes a triage write respond only once the rm_triage read model shows it. */
export const triageWaitForQuery = z.object({ waitFor: z.enum(['triage'], { message: 'must be triage' }).optional() }).strict();

export type StartTriageBody = z.infer<typeof startTriageBody>;
export type RespondTriageBody = z.infer<typeof respondTriageBody>;
export type EscalateTriageBody = z.infer<typeof escalateTriageBody>;
export type TriageWaitForQuery = z.infer<typeof triageWaitForQuery>;
