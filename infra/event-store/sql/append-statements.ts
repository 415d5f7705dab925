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
