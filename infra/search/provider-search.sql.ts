import { MEAN_EARTH_RADIUS_KM, type ProviderSearchQuery, type ProviderSort } from './provider-search.port';

// Builds the one statement that returns a search's total, one page and, when requested, its facet
// counts, in a single round trip. Every value is a bound parameter. Only the shape of the
// statement depends on which filters are present, so the planner sees each filter as it is
// instead of an "is null or" chain.

/**
 * earthdistance measures on a sphere of radius earth() = 6,378,168 m; results are scaled to the
 * mean Earth radius, so a distance here equals the haversine distance other engines report.
 */
const EARTHDISTANCE_RADIUS_KM = 6378.168;
const TO_MEAN_RADIUS = MEAN_EARTH_RADIUS_KM / EARTHDISTANCE_RADIUS_KM;

const ORDER_BY: Record<Exclude<ProviderSort, 'relevance'>, string> = {
  wait_time: 'wait_days asc nulls last, provider_id',
  distance: 'distance_km asc nulls last, provider_id',
  rating: 'rating desc nulls last, review_count desc, provider_id',
};

/** The columns a result carries, so a search hit and a single provider map the same way. */
export const PROVIDER_COLUMNS = `p.provider_id, p.given_name, p.family_name, p.name, p.provider_type, p.specialties,
  p.credential_records, p.languages, p.location_id, p.facility_name, p.service_type, p.community, p.lat, p.lng,
  p.accessibility, p.accessible, p.telemedicine, p.rating, p.review_count, p.accepted_insurance,
  p.wait_days, p.next_slot_at, p.demo`;

export interface SqlStatement {
  text: string;
  params: unknown[];
}

export function providerSearchStatement(table: string, query: ProviderSearchQuery): SqlStatement {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  const conditions: string[] = [];
  let rank = 'null::real';
  let distance = 'null::double precision';

  if (query.text !== undefined) {
    const text = bind(query.text);
    const tsquery = `(websearch_to_tsquery('english', ${text}) || websearch_to_tsquery('french', ${text}))`;
    conditions.push(`p.search_document @@ ${tsquery}`);
    rank = `ts_rank(p.search_document, ${tsquery})`;
  }
  if (query.near) {
    const origin = `ll_to_earth(${bind(query.near.lat)}, ${bind(query.near.lng)})`;
    distance = `earth_distance(${origin}, p.geo_point) / 1000 * ${TO_MEAN_RADIUS}`;
    if (query.near.radiusKm !== undefined) {
      // The box test uses the gist index; the exact distance test trims the box's corners.
      const radiusMeters = bind((query.near.radiusKm * 1000) / TO_MEAN_RADIUS);
      conditions.push(`earth_box(${origin}, ${radiusMeters}) @> p.geo_point`, `earth_distance(${origin}, p.geo_point) <= ${radiusMeters}`);
    }
  }
  if (query.specialty !== undefined) conditions.push(`p.specialties @> array[${bind(query.specialty)}]::text[]`);
  if (query.language !== undefined) conditions.push(`p.languages @> array[${bind(query.language)}]::text[]`);
  if (query.available !== undefined) conditions.push(query.available ? 'p.wait_days is not null' : 'p.wait_days is null');
  if (query.ratingMin !== undefined) conditions.push(`p.rating >= ${bind(query.ratingMin)}`);
  if (query.accessible !== undefined) conditions.push(`p.accessible = ${bind(query.accessible)}`);
  if (query.telemedicine !== undefined) conditions.push(`p.telemedicine = ${bind(query.telemedicine)}`);

  const order = query.sort === 'relevance' ? relevanceOrder(query) : ORDER_BY[query.sort];
  const where = conditions.length > 0 ? conditions.join(' and ') : 'true';
  const limit = bind(query.pageSize);
  const offset = bind((query.page - 1) * query.pageSize);

  // The page reads the table on its own, so an index can give it its order and stop at the page's
  // end. The count and the facets share one scan of the few columns they need.
  const page = `
    select *, row_number() over (order by ${order}) as ordinal from (
      select ${PROVIDER_COLUMNS}, ${distance} as distance_km, ${rank} as text_rank
      from ${table} p where ${where} order by ${order} limit ${limit} offset ${offset}) as ranked`;
  const items = `coalesce((select json_agg(hit order by hit.ordinal) from (${page}) hit), '[]'::json) as items`;
  const text = query.facets
    ? `with filtered as (select p.specialties, p.languages, p.provider_type from ${table} p where ${where})
       select (select count(*) from filtered)::int as total, ${items} ${facetSelects()}`
    : `select (select count(*) from ${table} p where ${where})::int as total, ${items}`;
  return { text, params };
}

function relevanceOrder(query: ProviderSearchQuery): string {
  return query.text !== undefined ? 'text_rank desc, provider_id' : 'family_name collate "C", given_name collate "C", provider_id';
}

function facetSelects(): string {
  const facet = (source: string, alias: string) => `,
           (select coalesce(json_agg(json_build_object('value', value, 'count', count) order by count desc, value), '[]'::json)
            from (select value, count(*)::int as count from (${source}) as facet_values group by value) as counted) as ${alias}`;
  return (
    facet('select unnest(specialties) as value from filtered', 'specialty_facet') +
    facet('select unnest(languages) as value from filtered', 'language_facet') +
    facet('select provider_type as value from filtered', 'provider_type_facet')
  );
}
