import { z } from 'zod';

import { CONSENT_CATEGORIES } from '../../domain/consent';

export const consentWaitFor = z.object({ waitFor: z.enum(['consent']).optional() }).strict();

const providerId = z.string().regex(/^[A-Za-z0-9\-_.:]{1,100}$/, 'providerId must be 1 to 100 letters, digits, "-", "_", "." or ":"');

export const recordConsentBody = z
  .object({
    directiveId: z.string().uuid('directiveId must be a UUID').optional(),
    category: z.enum(CONSENT_CATEGORIES as [string, ...string[]], { message: `category must be one of ${CONSENT_CATEGORIES.join(', ')}` }),
    /** Omitted or null withholds the record from every provider. */
    providerId: providerId.nullable().optional(),
    note: z.string().max(1_000, 'note must be 1,000 characters or fewer').optional(),
  })
  .strict();

export type RecordConsentBody = z.infer<typeof recordConsentBody>;

export const directiveIdParam = z.string().uuid('directiveId must be the UUID returned when the directive was recorded');
