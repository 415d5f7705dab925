import { z } from 'zod';

import { isSpecialty, SPECIALTIES } from '../../domain/providers/specialties';
import { ValidationError, type FieldViolation } from '../../domain/shared/errors';
import type { ProviderSearchQuery } from '../../infra/search/provider-search.port';
import { pagingQuery } from '../shared/paging';

// The query string of GET /api/v1/providers. Values that cannot be read (a word where a number
// goes, an unknown sort) fail the schema and give 400; values that read but break a rule (a
// latitude of 91, a radius over 500 km, sort=distance without a location) give 422. Both name
// each field and its rule.

/** A search radius past this covers most of Ontario and stops being a "near me" search. */
export const MAX_RADIUS_KM = 500;

/**
 * The deepest result a page may reach. Elasticsearch refuses to page past 10,000 hits by default
 * (index.max_result_window), and every adapter keeps the same limit.
 */
export const MAX_RESULT_WINDOW = 10_000;

const decimal = z
  .string()
  .trim()
  .regex(/^[-+]?(\d+(\.\d*)?|\.\d+)$/, 'must be a decimal number')
  .transform(Number);

const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');

export const providerSearchQuerySchema = pagingQuery
  .extend({
    q: z.string().trim().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer').optional(),
    specialty: z.string().max(64, 'must be 64 characters or fewer').optional(),
    lat: decimal.optional(),
    lng: decimal.optional(),
    radius_km: decimal.optional(),
    available: flag.optional(),
    rating_min: decimal.optional(),
    language: z.string().max(8, 'must be 8 characters or fewer').optional(),
    accessible: flag.optional(),
    telemedicine: flag.optional(),
    sort: z.enum(['relevance', 'wait_time', 'distance', 'rating'], { message: 'must be relevance, wait_time, distance or rating' }).default('relevance'),
    facets: flag.default('false'),
  })
  .strict();

export type ProviderSearchParameters = z.infer<typeof providerSearchQuerySchema>;

/** Checks the rules that need more than one field or a range, and returns the search. */
export function toProviderSearchQuery(parameters: ProviderSearchParameters): ProviderSearchQuery {
  const violations = [...locationViolations(parameters), ...filterViolations(parameters)];
  if (violations.length > 0) {
    throw new ValidationError(`the provider search is invalid: ${violations.map((violation) => `${violation.field} ${violation.rule}`).join('; ')}`, violations);
  }

  const { q, specialty, lat, lng, radius_km, available, rating_min, language, accessible, telemedicine, sort, page, pageSize, facets } = parameters;
  const query: ProviderSearchQuery = { sort, page, pageSize, facets };
  if (q !== undefined) query.text = q;
  if (specialty !== undefined) query.specialty = specialty;
  if (lat !== undefined && lng !== undefined) query.near = radius_km === undefined ? { lat, lng } : { lat, lng, radiusKm: radius_km };
  if (available !== undefined) query.available = available;
  if (rating_min !== undefined) query.ratingMin = rating_min;
  if (language !== undefined) query.language = language;
  if (accessible !== undefined) query.accessible = accessible;
  if (telemedicine !== undefined) query.telemedicine = telemedicine;
  return query;
}

function locationViolations({ lat, lng, radius_km, sort }: ProviderSearchParameters): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (lat !== undefined && !(lat >= -90 && lat <= 90)) {
    violations.push({ field: 'lat', rule: `must be a latitude from -90 to 90 degrees; got ${lat}` });
  }
  if (lng !== undefined && !(lng >= -180 && lng <= 180)) {
    violations.push({ field: 'lng', rule: `must be a longitude from -180 to 180 degrees; got ${lng}` });
  }
  if (lat !== undefined && lng === undefined) violations.push({ field: 'lng', rule: 'is required with lat' });
  if (lng !== undefined && lat === undefined) violations.push({ field: 'lat', rule: 'is required with lng' });
  if (radius_km !== undefined && !(radius_km > 0 && radius_km <= MAX_RADIUS_KM)) {
    violations.push({ field: 'radius_km', rule: `must be more than 0 and at most ${MAX_RADIUS_KM} km; got ${radius_km}` });
  }
  if (radius_km !== undefined && (lat === undefined || lng === undefined)) {
    violations.push({ field: 'radius_km', rule: 'needs lat and lng to measure from' });
  }
  if (sort === 'distance' && (lat === undefined || lng === undefined)) {
    violations.push({ field: 'sort', rule: 'distance needs lat and lng to measure from' });
  }
  return violations;
}

function filterViolations({ specialty, rating_min, language, page, pageSize }: ProviderSearchParameters): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (specialty !== undefined && !isSpecialty(specialty)) {
    violations.push({ field: 'specialty', rule: `must be one of ${Object.keys(SPECIALTIES).join(', ')}; got ${JSON.stringify(specialty)}` });
  }
  if (rating_min !== undefined && !(rating_min >= 0 && rating_min <= 5)) {
    violations.push({ field: 'rating_min', rule: `must be a rating from 0 to 5; got ${rating_min}` });
  }
  if (language !== undefined && !/^[a-z]{2}$/.test(language)) {
    violations.push({ field: 'language', rule: `must be a two-letter ISO 639-1 code such as en or fr; got ${JSON.stringify(language)}` });
  }
  if (page * pageSize > MAX_RESULT_WINDOW) {
    violations.push({ field: 'page', rule: `must keep page × pageSize at most ${MAX_RESULT_WINDOW}; narrow the search instead of paging deeper` });
  }
  return violations;
}
