import { z } from 'zod';

// Request bodies of the patient write endpoints. Field names follow FHIR where FHIR has one.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
const isoDateTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' });
const coded = z.object({
  system: z.string().url('must be a code system URI, e.g. http://loinc.org'),
  code: z.string().min(1).max(64),
  display: z.string().min(1).max(500),
});

export const registerPatientBody = z
  .object({
    patientId: z.string().uuid('must be a UUID').optional(),
    name: z.object({
      given: z.array(z.string().min(1).max(100)).min(1, 'needs at least one given name').max(5),
      family: z.string().min(1).max(100),
    }),
    gender: z.enum(['male', 'female', 'other', 'unknown']),
    birthDate: isoDate,
    address: z
      .object({
        line: z.array(z.string().max(200)).max(4),
        city: z.string().max(100),
        province: z.string().max(50),
        postalCode: z.string().regex(/^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/, 'must be a Canadian postal code such as K1A 0B1'),
        country: z.string().max(50).default('CA'),
      })
      .optional(),
    phone: z.string().regex(/^\+?[0-9 ()-]{7,20}$/, 'must be a phone number').optional(),
    preferredLanguage: z.enum(['en', 'fr']).default('en'),
  })
  .strict();

export const recordObservationBody = z
  .object({
    observationId: z.string().uuid('must be a UUID').optional(),
    category: z.enum(['vital-signs', 'laboratory', 'survey', 'exam', 'social-history', 'imaging']),
    code: coded,
    value: z
      .object({
        quantity: z.number().finite().optional(),
        unit: z.string().max(30).optional(),
        text: z.string().max(1000).optional(),
      })
      .refine((value) => value.quantity !== undefined || value.text !== undefined, 'needs a quantity or a text'),
    effectiveAt: isoDateTime,
  })
  .strict();

export type RegisterPatientBody = z.infer<typeof registerPatientBody>;
export type RecordObservationBody = z.infer<typeof recordObservationBody>;
