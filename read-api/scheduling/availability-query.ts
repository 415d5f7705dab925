import { z } from 'zod';

import { MAX_SEARCH_RADIUS_KM, SCORING_COMPONENTS, URGENCIES, type AccessibilityFeature, type ScoringWeights } from '../../domain/scheduling';

// The query of GET /api/v1/appointments/availability. Ranges are checked here so the 400 names
// the parameter the client sent (radiusKm, lat); the slot finder checks them again.

const ACCESSIBILITY_FEATURES = ['step-free-entrance', 'accessible-washroom', 'accessible-parking', 'hearing-loop', 'height-adjustable-exam-table'] as const;
const COMPONENT_NAMES = Object.keys(SCORING_COMPONENTS);

const commaList = z
  .string()
  .max(300)
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''));

export const availabilityQuery = z
  .object({
    specialty: z.string().min(1, 'must name a specialty, such as family-medicine').max(64),
    lat: z.coerce.number().min(-90, 'must be a latitude from -90 to 90').max(90, 'must be a latitude from -90 to 90'),
    lng: z.coerce.number().min(-180, 'must be a longitude from -180 to 180').max(180, 'must be a longitude from -180 to 180'),
    radiusKm: z.coerce
      .number()
      .positive('must be above 0 km')
      .max(MAX_SEARCH_RADIUS_KM, `must be at most ${MAX_SEARCH_RADIUS_KM} km; a larger radius leaves Ontario`)
      .default(25),
    urgency: z.enum(URGENCIES).default('routine'),
    languages: commaList.pipe(z.array(z.string().regex(/^[a-z]{2}$/, 'must be ISO 639-1 codes such as en,fr')).max(5)).optional(),
    accessibilityNeeds: commaList.pipe(z.array(z.enum(ACCESSIBILITY_FEATURES)).max(5)).optional(),
    telemedicine: z.enum(['preferred', 'acceptable', 'in-person-only']).optional(),
    weights: commaList.transform(parseWeights).optional(),
  })
  .strict();

export type AvailabilityQuery = z.infer<typeof availabilityQuery>;

/** Parses "wait:2,distance:1" into weights; the finder normalises them to sum to 1. */
function parseWeights(pairs: string[], context: z.RefinementCtx): Partial<ScoringWeights> {
  const weights: Partial<Record<string, number>> = {};
  for (const pair of pairs) {
    const [name, value] = pair.split(':');
    const weight = Number(value);
    if (!name || !COMPONENT_NAMES.includes(name) || value === undefined || !Number.isFinite(weight) || weight < 0) {
      context.addIssue({ code: 'custom', message: `must be name:weight pairs with names ${COMPONENT_NAMES.join(', ')} and weights of 0 or more; got ${pair}` });
      return z.NEVER;
    }
    weights[name] = weight;
  }
  return weights as Partial<ScoringWeights>;
}

export function preferencesOf(query: AvailabilityQuery) {
  return {
    ...(query.languages ? { languages: query.languages } : {}),
    ...(query.accessibilityNeeds ? { accessibilityNeeds: query.accessibilityNeeds as AccessibilityFeature[] } : {}),
    ...(query.telemedicine ? { telemedicine: query.telemedicine } : {}),
  };
}
