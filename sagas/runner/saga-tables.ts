// Tables the saga runners keep in the store's database: how far each event-driven saga has read,
// the events it gave up on, and the state of each running process manager.

export const SAGA_SCHEMA = `
create table if not exists saga_checkpoints (
  name text primary key,
  position bigint not null,
  updated_at timestamptz not null default now()
);
create table if not exists saga_dead_letters (
  saga text not null,
  event_id text not null,
  global_position bigint not null,
  stream_id text not null,
  event_type text not null,
  attempts integer not null,
  error text not null,
  recorded_at timestamptz not null default now(),
  primary key (saga, event_id)
);
create table if not exists process_manager_states (
  manager text not null,
  process_id text not null,
  state jsonb not null,
  pending jsonb not null,
  dispatched integer not null,
  finished boolean not null,
  version integer not null,
  updated_at timestamptz not null default now(),
  primary key (manager, process_id)
);
create index if not exists process_manager_states_unfinished on process_manager_states (manager) where not finished;
`;
