import type { ProviderLocationRegisteredData } from '../../domain/providers/provider-location';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

/** The provider locations the directory lists; one row per registered location. */
export const providerLocationsProjection: Projection = {
  name: 'provider_locations',
  version: 1,
  eventTypes: new Set(['ProviderLocationRegistered']),
  tables: [{ name: 'locations', orderBy: 'location_id' }],

  createTables: (schema) => `
    create table ${schema}.locations (
      location_id text primary key,
      ministry_id text,
      service_type text not null,
      service_detail text,
      name_en text not null,
      name_fr text,
      address_line1 text not null,
      address_line2 text,
      community text not null,
      postal_code text,
      lat double precision not null,
      lng double precision not null,
      source text not null,
      registered_at timestamptz not null,
      position bigint not null
    );
  `,

  createIndexes: (schema) => `
    create index on ${schema}.locations (service_type, name_en);
    create index on ${schema}.locations (community);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    const registered = events.filter((event) => event.type === 'ProviderLocationRegistered');
    if (registered.length === 0) return;

    const rows = registered.map((event) => ({ data: event.data as ProviderLocationRegisteredData, position: event.globalPosition }));
    await tx.query(
      `insert into ${schema}.locations
         (location_id, ministry_id, service_type, service_detail, name_en, name_fr, address_line1, address_line2,
          community, postal_code, lat, lng, source, registered_at, position)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::float8[], $12::float8[], $13::text[], $14::timestamptz[], $15::bigint[])
       on conflict (location_id) do nothing`,
      [
        rows.map((row) => row.data.locationId),
        rows.map((row) => row.data.ministryId),
        rows.map((row) => row.data.serviceType),
        rows.map((row) => row.data.serviceDetail),
        rows.map((row) => row.data.name.en),
        rows.map((row) => row.data.name.fr),
        rows.map((row) => row.data.address.line1),
        rows.map((row) => row.data.address.line2),
        rows.map((row) => row.data.address.community),
        rows.map((row) => row.data.address.postalCode),
        rows.map((row) => row.data.coordinates.lat),
        rows.map((row) => row.data.coordinates.lng),
        rows.map((row) => row.data.source),
        rows.map((row) => row.data.registeredAt),
        rows.map((row) => row.position.toString()),
      ],
    );
  },
};
