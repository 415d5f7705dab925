import type { SqlExecutor } from '../sql/sql-client';
import { PROVIDER_COLUMNS, providerSearchStatement } from './provider-search.sql';
import type {
  DirectoryProvider,
  FacetCount,
  ProviderSearch,
  ProviderSearchHit,
  ProviderSearchQuery,
  ProviderSearchResult,
} from './provider-search.port';

/** The directory read model's table; the projection that fills it is provider_directory. */
export const DIRECTORY_TABLE = 'rm_provider_directory.providers';

/**
 * Provider search on the directory read model with PostgreSQL full text (English and French
 * configurations) and earthdistance. The same SQL runs on PostgreSQL and on PGlite.
 */
export class PostgresProviderSearch implements ProviderSearch {
  readonly kind = 'postgresql';

  constructor(
    private readonly sql: SqlExecutor,
    private readonly table = DIRECTORY_TABLE,
  ) {}

  async search(query: ProviderSearchQuery): Promise<ProviderSearchResult> {
    const statement = providerSearchStatement(this.table, query);
    const { rows } = await this.sql.query<SearchRow>(statement.text, statement.params);
    const row = rows[0];
    const result: ProviderSearchResult = {
      items: parseJson<HitRow[]>(row?.items ?? '[]').map(toHit),
      total: Number(row?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    };
    if (query.facets) {
      result.facets = {
        specialty: parseJson<FacetCount[]>(row?.specialty_facet ?? '[]'),
        language: parseJson<FacetCount[]>(row?.language_facet ?? '[]'),
        providerType: parseJson<FacetCount[]>(row?.provider_type_facet ?? '[]'),
      };
    }
    return result;
  }

  async get(providerId: string): Promise<DirectoryProvider | null> {
    const { rows } = await this.sql.query<HitRow>(`select ${PROVIDER_COLUMNS} from ${this.table} p where provider_id = $1`, [providerId]);
    return rows[0] ? toProvider(rows[0]) : null;
  }
}

interface SearchRow {
  total: number | string;
  items: string | HitRow[];
  specialty_facet?: string | FacetCount[];
  language_facet?: string | FacetCount[];
  provider_type_facet?: string | FacetCount[];
}

interface HitRow {
  provider_id: string;
  given_name: string;
  family_name: string;
  name: string;
  provider_type: string;
  specialties: string[];
  credential_records: string | DirectoryProvider['credentials'];
  languages: string[];
  location_id: string | null;
  facility_name: string | null;
  service_type: string | null;
  community: string | null;
  lat: number | null;
  lng: number | null;
  accessibility: string[];
  accessible: boolean;
  telemedicine: boolean;
  rating: number | null;
  review_count: number;
  accepted_insurance: string[];
  wait_days: number | null;
  next_slot_at: Date | string | null;
  demo: boolean;
  distance_km?: number | null;
}

// node-postgres parses json columns itself; PGlite does too, but the items come back through
// json_agg, so accept both a string and a parsed value.
function parseJson<Value>(value: string | Value): Value {
  return typeof value === 'string' ? (JSON.parse(value) as Value) : value;
}

function toHit(row: HitRow): ProviderSearchHit {
  return { ...toProvider(row), distanceKm: row.distance_km ?? null };
}

function toProvider(row: HitRow): DirectoryProvider {
  const location =
    row.location_id === null
      ? null
      : {
          locationId: row.location_id,
          facilityName: row.facility_name ?? '',
          serviceType: row.service_type ?? '',
          community: row.community ?? '',
          lat: row.lat!,
          lng: row.lng!,
          accessibility: row.accessibility,
        };
  return {
    providerId: row.provider_id,
    name: { given: row.given_name, family: row.family_name, display: row.name },
    providerType: row.provider_type,
    specialties: row.specialties,
    credentials: parseJson(row.credential_records),
    languages: row.languages,
    location,
    accessible: row.accessible,
    telemedicine: row.telemedicine,
    rating: row.rating,
    reviewCount: row.review_count,
    acceptedInsurance: row.accepted_insurance,
    waitDays: row.wait_days,
    nextSlotAt: row.next_slot_at === null ? null : new Date(row.next_slot_at).toISOString(),
    demo: row.demo,
  };
}
