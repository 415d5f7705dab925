import type { ProviderSearchQuery, ProviderSort } from '../provider-search.port';
import type { JsonObject } from './search-engine-client';

// Builds the engine's search body for a provider search, with the order the PostgreSQL adapter
// gives (infra/search/provider-search.sql.ts): the same sort keys, missing values last, and the
// provider id as the final tie-breaker, so both adapters page through the same list.

/**
 * The read model's text weights (name A, specialty B, credentials C) rank a name match first;
 * the boosts keep that order.
 */
const TEXT_FIELDS = ['name', 'specialtyText^0.4', 'credentialText^0.2'];

/** Larger than the number of specialties, languages and provider types, so no facet is cut. */
const FACET_SIZE = 500;

const byProviderId = { providerId: { order: 'asc' } };

/** Builds the request for one page of providers and the total. */
export function providerSearchBody(query: ProviderSearchQuery): JsonObject {
  return {
    query: providerFilterQuery(query),
    sort: sortClauses(query),
    from: (query.page - 1) * query.pageSize,
    size: query.pageSize,
    track_total_hits: true,
  };
}

/**
 * Builds the request for the facet counts. It asks for no hits, so the engine's shard request
 * cache keeps its result until the index next changes; the counts over all providers are the
 * costliest part of a search, and the same facets are asked for again and again.
 */
export function providerFacetsBody(query: ProviderSearchQuery): JsonObject {
  const facet = (field: string) => ({ terms: { field, size: FACET_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] } });
  return {
    query: providerFilterQuery(query),
    size: 0,
    aggs: { specialty: facet('specialties'), language: facet('languages'), providerType: facet('providerType') },
  };
}

function providerFilterQuery(query: ProviderSearchQuery): JsonObject {
  return { bool: { must: textClauses(query), filter: filterClauses(query) } };
}

// A provider matches when every word of the text matches in the English analysis, or every word
// in the French one, as `websearch_to_tsquery('english') || websearch_to_tsquery('french')` does.
function textClauses(query: ProviderSearchQuery): JsonObject[] {
  if (query.text === undefined) return [];
  const inLanguage = (suffix: string) => ({
    multi_match: {
      query: query.text,
      type: 'cross_fields',
      operator: 'and',
      fields: TEXT_FIELDS.map((field) => field.replace(/(\^|$)/, `.${suffix}$1`)),
    },
  });
  return [{ bool: { should: [inLanguage('en'), inLanguage('fr')], minimum_should_match: 1 } }];
}

function filterClauses(query: ProviderSearchQuery): JsonObject[] {
  const filters: JsonObject[] = [];
  if (query.near?.radiusKm !== undefined) {
    const { lat, lng, radiusKm } = query.near;
    filters.push({ geo_distance: { distance: `${radiusKm}km`, distance_type: 'arc', point: { lat, lon: lng } } });
  }
  if (query.specialty !== undefined) filters.push({ term: { specialties: query.specialty } });
  if (query.language !== undefined) filters.push({ term: { languages: query.language } });
  if (query.available !== undefined) {
    const hasWait = { exists: { field: 'waitDays' } };
    filters.push(query.available ? hasWait : { bool: { must_not: [hasWait] } });
  }
  if (query.ratingMin !== undefined) filters.push({ range: { rating: { gte: query.ratingMin } } });
  if (query.accessible !== undefined) filters.push({ term: { accessible: query.accessible } });
  if (query.telemedicine !== undefined) filters.push({ term: { telemedicine: query.telemedicine } });
  return filters;
}

function sortClauses(query: ProviderSearchQuery): JsonObject[] {
  const sort: ProviderSort = query.sort;
  switch (sort) {
    case 'relevance':
      return query.text !== undefined
        ? [{ _score: { order: 'desc' } }, byProviderId]
        : [{ familyName: { order: 'asc' } }, { givenName: { order: 'asc' } }, byProviderId];
    case 'wait_time':
      return [{ waitDays: { order: 'asc', missing: '_last' } }, byProviderId];
    case 'distance':
      // Without an origin every distance is unknown, and the read model falls back to the id.
      if (!query.near) return [byProviderId];
      return [
        { _geo_distance: { point: { lat: query.near.lat, lon: query.near.lng }, order: 'asc', unit: 'km', distance_type: 'arc' } },
        byProviderId,
      ];
    case 'rating':
      return [{ rating: { order: 'desc', missing: '_last' } }, { reviewCount: { order: 'desc' } }, byProviderId];
  }
}
