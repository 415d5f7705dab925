import type { ExpectedVersion } from '../event-store.port';
import { POSITION_SHIFT } from './schema';

// One statement per append: take the stream's lock, move its version under the expected-version
// check, then insert the events behind it. When the check fails the stream step returns no row
// and nothing is inserted, so a conflict costs no rollback. $1 stream, $2 event count,
// $3 expected version.
//
// The advisory lock is taken before the statement writes anything, so before the transaction is
// given its xid. Two appends to one stream therefore get xids in the order they hold the lock,
// and global positions (derived from xids) follow stream versions.
const lockStream = `lock as (select pg_advisory_xact_lock(hashtextextended($1, 0)) as locked)`;

const streamStep: Record<'any' | 'no_stream' | 'stream_exists' | 'exact', string> = {
  any: `insert into es_streams as s (stream_id, version) select $1, $2 from lock
        on conflict (stream_id) do update set version = s.version + $2
        returning version`,
  no_stream: `insert into es_streams (stream_id, version) select $1, $2 from lock
              on conflict (stream_id) do nothing
              returning version`,
  stream_exists: `update es_streams set version = version + $2 from lock
                  where stream_id = $1 and version > 0
                  returning version`,
  exact: `update es_streams set version = version + $2 from lock
          where stream_id = $1 and version = $3::bigint
          returning version`,
};

// The first position of this append: right after any events this transaction already appended,
// otherwise the transaction's base position. "base" selects from "stream" so that the xid is read
// only after the stream step has taken the lock and written.
const insertEvents = `
, base as (
  select pg_current_xact_id()::text::bigint << ${POSITION_SHIFT} as position from stream
), first_position as (
  select coalesce(
    (select max(e.global_position) + 1 from es_events e, base b
      where e.global_position >= b.position and e.global_position < b.position + (1::bigint << ${POSITION_SHIFT})),
    (select position from base)
  ) as position
)
insert into es_events (global_position, stream_id, stream_version, event_id, event_type,
                       schema_version, data, correlation_id, causation_id, actor_id, actor_role)
select f.position + e.ordinal - 1, $1, s.version - $2 + e.ordinal, e.event_id, e.event_type,
       e.schema_version, e.data::jsonb, e.correlation_id, e.causation_id, e.actor_id, e.actor_role
from stream s, first_position f,
     unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       with ordinality as e(event_id, event_type, schema_version, data, correlation_id, causation_id,
                            actor_id, actor_role, ordinal)
returning global_position::text as global_position, stream_version::text as stream_version`;

const statements = Object.fromEntries(
  Object.entries(streamStep).map(([kind, step]) => [
    kind,
    // The unused "expected" CTE gives $3 a type in every variant; PostgreSQL rejects a
    // parameter whose type it cannot infer.
    `with expected as (select $3::bigint as version), ${lockStream}, stream as (${step})${insertEvents}`,
  ]),
) as Record<keyof typeof streamStep, string>;

export function appendStatementFor(expected: ExpectedVersion): { name: string; text: string } {
  const kind = typeof expected === 'bigint' ? (expected === 0n ? 'no_stream' : 'exact') : expected;
  return { name: `es_append_${kind}`, text: statements[kind] };
}

// Appends to several streams in one statement, so appends that wait together cost one round
// trip and one commit. It takes every stream's lock first, in one fixed order, before it writes
// anything and so before the transaction has an xid: global order keeps following stream
// versions, and two batches cannot deadlock. Each statement inside the function reads after the
// locks are held, so it sees every append committed before. An append whose expected version
// fails returns no row and stores nothing. Appends to one stream run in the order given.
export const APPEND_BATCH_FUNCTION = `
create or replace function es_append_batch(
  p_stream_ids text[], p_counts int[], p_kinds text[], p_expected bigint[],
  p_event_ids uuid[], p_types text[], p_schema_versions int[], p_data text[],
  p_correlation_ids text[], p_causation_ids text[], p_actor_ids text[], p_actor_roles text[])
returns table (append_number int, last_position bigint, last_version bigint)
language plpgsql as $$
declare
  v_version bigint;
  v_base bigint;
  v_next bigint;
  v_offset int := 0;
begin
  perform pg_advisory_xact_lock(lock_key)
  from (select distinct hashtextextended(stream_id, 0) as lock_key from unnest(p_stream_ids) as stream_id
        order by lock_key) as keys;

  for i in 1 .. coalesce(array_length(p_stream_ids, 1), 0) loop
    v_version := null;
    if p_kinds[i] = 'any' then
      insert into es_streams as s (stream_id, version) values (p_stream_ids[i], p_counts[i])
      on conflict (stream_id) do update set version = s.version + p_counts[i]
      returning s.version into v_version;
    elsif p_kinds[i] = 'no_stream' then
      insert into es_streams (stream_id, version) values (p_stream_ids[i], p_counts[i])
      on conflict (stream_id) do nothing
      returning version into v_version;
    elsif p_kinds[i] = 'stream_exists' then
      update es_streams set version = version + p_counts[i]
      where stream_id = p_stream_ids[i] and version > 0
      returning version into v_version;
    else
      update es_streams set version = version + p_counts[i]
      where stream_id = p_stream_ids[i] and version = p_expected[i]
      returning version into v_version;
    end if;

    if v_version is not null then
      if v_next is null then
        v_base := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};
        select coalesce(max(global_position) + 1, v_base) into v_next from es_events
        where global_position >= v_base and global_position < v_base + (1::bigint << ${POSITION_SHIFT});
      end if;

      insert into es_events (global_position, stream_id, stream_version, event_id, event_type,
                             schema_version, data, correlation_id, causation_id, actor_id, actor_role)
      select v_next + e.ordinal - 1, p_stream_ids[i], v_version - p_counts[i] + e.ordinal, e.event_id,
             e.event_type, e.schema_version, e.data::jsonb, e.correlation_id, e.causation_id,
             e.actor_id, e.actor_role
      from unnest(p_event_ids[v_offset + 1 : v_offset + p_counts[i]],
                  p_types[v_offset + 1 : v_offset + p_counts[i]],
                  p_schema_versions[v_offset + 1 : v_offset + p_counts[i]],
                  p_data[v_offset + 1 : v_offset + p_counts[i]],
                  p_correlation_ids[v_offset + 1 : v_offset + p_counts[i]],
                  p_causation_ids[v_offset + 1 : v_offset + p_counts[i]],
                  p_actor_ids[v_offset + 1 : v_offset + p_counts[i]],
                  p_actor_roles[v_offset + 1 : v_offset + p_counts[i]])
             with ordinality as e(event_id, event_type, schema_version, data, correlation_id,
                                  causation_id, actor_id, actor_role, ordinal);

      v_next := v_next + p_counts[i];
      append_number := i;
      last_position := v_next - 1;
      last_version := v_version;
      return next;
    end if;

    v_offset := v_offset + p_counts[i];
  end loop;
end
$$;
`;

export const APPEND_BATCH = {
  name: 'es_append_batch',
  text: `select append_number, last_position::text as last_position, last_version::text as last_version
         from es_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
};

/** The expected-version kind the batch function checks, with its version for 'exact'. */
export function expectedKindOf(expected: ExpectedVersion): { kind: string; version: string | null } {
  if (typeof expected === 'bigint') {
    return expected === 0n ? { kind: 'no_stream', version: null } : { kind: 'exact', version: expected.toString() };
  }
  return { kind: expected, version: null };
}
