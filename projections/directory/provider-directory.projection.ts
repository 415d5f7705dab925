import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';
import { DIRECTORY_EVENT_TYPES, directoryChanges, type NextSlotChange, type RatingChange, type RegisteredRow, type RolesChange } from './directory-changes';

// The provider directory: one row per provider with what a patient filters on. Other read
// models read these column names (provider_id, specialties, location_id, lat, lng, wait_days,
// demo, ...), so rename none of them without telling their owners.
//
// NOTE: a provider with roles at several facilities is listed at the first one only, so a
// distance search does not find them near their other facilities.

/** The wheelchair test: a provider is "accessible" when their facility has a step-free entrance. */
const ACCESSIBLE_FEATURE = 'step-free-entrance';

export const providerDirectoryProjection: Projection = {
  name: 'provider_directory',
  version: 1,
  eventTypes: DIRECTORY_EVENT_TYPES,
  tables: [{ name: 'providers', orderBy: 'provider_id' }],

  // earthdistance measures on a sphere through the cube extension. scripts/services.sh creates
  // both in the PostgreSQL databases, and the runtime loads them into PGlite.
  createTables: (schema) => `
    create extension if not exists cube;
    create extension if not exists earthdistance;
    create table ${schema}.providers (
      provider_id text primary key,
      name text not null,
      given_name text not null,
      family_name text not null,
      provider_type text not null,
      specialties text[] not null default '{}',
      credentials text[] not null,
      credential_records jsonb not null,
      languages text[] not null,
      location_id text,
      facility_name text,
      service_type text,
      lat double precision,
      lng double precision,
      community text,
      accessibility text[] not null default '{}',
      accessible boolean not null default false,
      telemedicine boolean not null default false,
      rating double precision,
      review_count int not null default 0,
      accepted_insurance text[] not null default '{}',
      next_slot_at timestamptz,
      wait_days double precision,
      demo boolean not null,
      specialty_text text not null default '',
      credential_text text not null,
      registered_at timestamptz not null,
      position bigint not null,
      geo_point earth generated always as (case when lat is null or lng is null then null else ll_to_earth(lat, lng) end) stored,
      search_document tsvector generated always as (
        setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('french', name), 'A') ||
        setweight(to_tsvector('english', specialty_text), 'B') || setweight(to_tsvector('french', specialty_text), 'B') ||
        setweight(to_tsvector('english', credential_text), 'C') || setweight(to_tsvector('french', credential_text), 'C')
      ) stored
    );
    create index on ${schema}.providers using gin (search_document);
    create index on ${schema}.providers using gist (geo_point);
    create index on ${schema}.providers using gin (specialties);
    create index on ${schema}.providers using gin (languages);
    create index on ${schema}.providers (family_name collate "C", given_name collate "C", provider_id);
    create index on ${schema}.providers (rating desc nulls last, provider_id);
    create index on ${schema}.providers (wait_days, provider_id);
    create index on ${schema}.providers (location_id);
  `,

  // Registrations go first: the other changes of a batch may be for providers it registers.
  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    const changes = directoryChanges(events);
    await insertRegistered(tx, schema, changes.registered);
    await applyRoles(tx, schema, changes.roles);
    await applyRatings(tx, schema, changes.ratings);
    await applyNextSlots(tx, schema, changes.nextSlots);
  },
};

/** Turns a jsonb array of strings in a jsonb_to_recordset row into text[]. */
const textArray = (column: string) => `array(select jsonb_array_elements_text(${column}))`;

async function insertRegistered(tx: SqlExecutor, schema: string, rows: RegisteredRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into ${schema}.providers
       (provider_id, name, given_name, family_name, provider_type, credentials, credential_records, credential_text,
        languages, demo, registered_at, position)
     select r.provider_id, r.given_name || ' ' || r.family_name, r.given_name, r.family_name, r.provider_type,
            ${textArray('r.credentials')}, r.credential_records, r.credential_text, ${textArray('r.languages')},
            r.demo, r.registered_at, r.position
     from jsonb_to_recordset($1::jsonb) as r(provider_id text, given_name text, family_name text, provider_type text,
          credentials jsonb, credential_records jsonb, credential_text text, languages jsonb, demo boolean,
          registered_at timestamptz, position bigint)
     on conflict (provider_id) do nothing`,
    [JSON.stringify(rows)],
  );
}

// The first role fixes the listed location; later roles only add specialties, plans and
// telemedicine. Arrays are kept sorted so a rebuild gives byte-equal rows.
async function applyRoles(tx: SqlExecutor, schema: string, changes: RolesChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map(({ location, ...change }) => ({
    ...change,
    location_id: location.facilityId,
    facility_name: location.facilityName,
    service_type: location.serviceType,
    community: location.community,
    lat: location.lat,
    lng: location.lng,
    accessibility: location.accessibility,
    accessible: location.accessibility.includes(ACCESSIBLE_FEATURE),
  }));
  const firstRole = (column: string) => `case when p.location_id is null then r.${column} else p.${column} end`;
  await tx.query(
    `update ${schema}.providers p set
       specialties = array(select distinct value from unnest(p.specialties || ${textArray('r.specialties')}) as value order by value),
       specialty_text = trim(p.specialty_text || ' ' || r.specialty_text),
       accepted_insurance = array(select distinct value from unnest(p.accepted_insurance || ${textArray('r.accepted_insurance')}) as value order by value),
       telemedicine = p.telemedicine or r.telemedicine,
       location_id = ${firstRole('location_id')},
       facility_name = ${firstRole('facility_name')},
       service_type = ${firstRole('service_type')},
       community = ${firstRole('community')},
       lat = ${firstRole('lat')},
       lng = ${firstRole('lng')},
       accessible = ${firstRole('accessible')},
       accessibility = case when p.location_id is null then ${textArray('r.accessibility')} else p.accessibility end
     from jsonb_to_recordset($1::jsonb) as r(provider_id text, specialties jsonb, specialty_text text, accepted_insurance jsonb,
          telemedicine boolean, location_id text, facility_name text, service_type text, community text,
          lat double precision, lng double precision, accessibility jsonb, accessible boolean)
     where p.provider_id = r.provider_id`,
    [JSON.stringify(rows)],
  );
}

async function applyRatings(tx: SqlExecutor, schema: string, changes: RatingChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `update ${schema}.providers p set rating = r.rating, review_count = r.review_count
     from jsonb_to_recordset($1::jsonb) as r(provider_id text, rating double precision, review_count int)
     where p.provider_id = r.provider_id`,
    [JSON.stringify(changes)],
  );
}

// NOTE: wait_days is the wait a patient saw when the earliest slot's schedule was published.
// It does not shrink as days pass nor grow as slots are booked; the slot read model has that.
async function applyNextSlots(tx: SqlExecutor, schema: string, changes: NextSlotChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `update ${schema}.providers p set next_slot_at = r.next_slot_at, wait_days = r.wait_days
     from jsonb_to_recordset($1::jsonb) as r(provider_id text, next_slot_at timestamptz, wait_days double precision)
     where p.provider_id = r.provider_id and (p.next_slot_at is null or r.next_slot_at < p.next_slot_at)`,
    [JSON.stringify(changes)],
  );
}
