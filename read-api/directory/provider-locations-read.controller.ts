import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { NotFoundError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { pagingQuery, type Page } from '../shared/paging';
import { Public } from '../../infra/auth/route-access';

// The Ontario facility locations where care is delivered (hospitals, clinics, laboratories,
// pharmacies), as the Ministry of Health lists them. Practitioners are under /api/v1/providers.

const listQuery = pagingQuery
  .extend({
    serviceType: z.string().max(100).optional(),
    community: z.string().max(100).optional(),
    q: z.string().min(2, 'must be at least 2 characters').max(100).optional(),
  })
  .strict();

const locationIdParam = z.string().regex(/^[A-Za-z0-9\-_.]{1,64}$/, 'locationId must be 1 to 64 letters, digits, "-", "_" or "."');

const FILTER = `($1::text is null or service_type = $1)
  and ($2::text is null or lower(community) = lower($2))
  and ($3::text is null or name_en ilike '%' || $3 || '%' or name_fr ilike '%' || $3 || '%')`;

interface LocationRow {
  location_id: string;
  ministry_id: string | null;
  service_type: string;
  service_detail: string | null;
  name_en: string;
  name_fr: string | null;
  address_line1: string;
  address_line2: string | null;
  community: string;
  postal_code: string | null;
  lat: number;
  lng: number;
  source: string;
}

@Public()
@Controller('api/v1/provider-locations')
export class ProviderLocationsReadController {
  constructor(@Inject(READ_MODEL_SQL) private readonly sql: SqlClient) {}

  @Get()
  async list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<ReturnType<typeof toLocation>>> {
    const filters = [query.serviceType ?? null, query.community ?? null, query.q ?? null];
    const { rows } = await this.sql.query<LocationRow>(
      `select * from rm_provider_locations.locations where ${FILTER} order by name_en, location_id limit $4 offset $5`,
      [...filters, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const { rows: counted } = await this.sql.query<{ total: number }>(
      `select count(*)::int as total from rm_provider_locations.locations where ${FILTER}`,
      filters,
    );
    return { items: rows.map(toLocation), page: query.page, pageSize: query.pageSize, total: Number(counted[0]?.total ?? 0) };
  }

  @Get(':locationId')
  async get(@Param('locationId', new ZodValidationPipe(locationIdParam)) locationId: string) {
    const { rows } = await this.sql.query<LocationRow>('select * from rm_provider_locations.locations where location_id = $1', [locationId]);
    if (!rows[0]) {
      throw new NotFoundError(`provider location ${locationId} was not found`);
    }
    return toLocation(rows[0]);
  }
}

function toLocation(row: LocationRow) {
  return {
    locationId: row.location_id,
    ministryId: row.ministry_id,
    serviceType: row.service_type,
    serviceDetail: row.service_detail,
    name: { en: row.name_en, fr: row.name_fr },
    address: { line1: row.address_line1, line2: row.address_line2, community: row.community, postalCode: row.postal_code },
    coordinates: { lat: row.lat, lng: row.lng },
    source: row.source,
  };
}
