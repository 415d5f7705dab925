// The event store's tables, the same on PostgreSQL and PGlite.
//
// Global positions come from the appending transaction's id: position = xid << 16 plus the
// event's index within that transaction. A reader only returns positions below
// pg_snapshot_xmin(pg_current_snapshot()) << 16, that is events of transactions that have all
// finished. Any transaction still able to commit has an xid at or above that xmin, so it can
// only add positions above what a reader has already seen. This closes the sequence-gap
// problem (a bigserial value taken by a transaction that commits after a later one) without a
// global lock on appends. The price: one long transaction holds every subscriber back until it
// ends, so the product keeps its transactions short.

/** Events per transaction that fit below the next transaction's positions (2^16). */
export const EVENTS_PER_TRANSACTION = 65_536;
export const POSITION_SHIFT = 16;

export const EVENT_STORE_SCHEMA = `
create table if not exists es_streams (
  stream_id text primary key,
  version bigint not null check (version >= 0)
);

create table if not exists es_events (
  global_position bigint primary key,
  stream_id text not null,
  stream_version bigint not null,
  event_id uuid not null,
  event_type text not null,
  schema_version integer not null,
  data jsonb not null,
  correlation_id text not null,
  causation_id text,
  actor_id text not null,
  actor_role text not null,
  recorded_at timestamptz not null default now(),
  constraint es_events_stream_version unique (stream_id, stream_version),
  constraint es_events_event_id unique (event_id)
);
`;
