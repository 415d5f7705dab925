import type { SqlClient, SqlExecutor } from '../../sql/sql-client';

// The analytics side's tables: integration events counted per day, topic and type, and the ids of
// the events already counted. An event id and its count are written by one statement, so they
// commit together, and a redelivered event finds its id taken and changes nothing.

export const ANALYTICS_SCHEMA = `
create table if not exists analytics_processed_events (
  event_id text primary key,
  topic text not null,
  event_type text not null,
  processed_at timestamptz not null default now()
);

create table if not exists analytics_integration_event_counts (
  day date not null,
  topic text not null,
  event_type text not null,
  events bigint not null,
  primary key (day, topic, event_type)
);
`;

export interface ReceivedIntegrationEvent {
  eventId: string;
  /** The topic without any test prefix, e.g. triage-events. */
  topic: string;
  type: string;
  /** The event's day in UTC, YYYY-MM-DD. */
  day: string;
}

const APPLY_EVENTS = `
  with incoming as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::date[]) as received(event_id, topic, event_type, day)
  ), newly_processed as (
    insert into analytics_processed_events (event_id, topic, event_type)
    select event_id, topic, event_type from incoming
    on conflict (event_id) do nothing
    returning event_id
  ), counted as (
    insert into analytics_integration_event_counts (day, topic, event_type, events)
    select incoming.day, incoming.topic, incoming.event_type, count(*)
    from incoming join newly_processed using (event_id)
    group by incoming.day, incoming.topic, incoming.event_type
    on conflict (day, topic, event_type)
      do update set events = analytics_integration_event_counts.events + excluded.events
  )
  select count(*)::int as applied from newly_processed`;

/** Applies a batch of received events and returns how many were new (the rest were duplicates). */
export async function applyIntegrationEvents(executor: SqlExecutor, events: readonly ReceivedIntegrationEvent[]): Promise<number> {
  // One id twice in the same batch would be counted twice by the join, so it goes in once.
  const unique = [...new Map(events.map((event) => [event.eventId, event])).values()];
  if (unique.length === 0) {
    return 0;
  }

  const { rows } = await executor.query<{ applied: number }>(
    APPLY_EVENTS,
    [unique.map((event) => event.eventId), unique.map((event) => event.topic), unique.map((event) => event.type), unique.map((event) => event.day)],
    { preparedName: 'analytics_apply_integration_events' },
  );
  return rows[0]?.applied ?? 0;
}

export interface IntegrationEventCount {
  day: string;
  topic: string;
  eventType: string;
  events: number;
}

export async function readIntegrationEventCounts(sql: SqlClient): Promise<IntegrationEventCount[]> {
  const { rows } = await sql.query<{ day: string; topic: string; event_type: string; events: string }>(
    `select to_char(day, 'YYYY-MM-DD') as day, topic, event_type, events::text as events
     from analytics_integration_event_counts order by day, topic, event_type`,
  );
  return rows.map((row) => ({ day: row.day, topic: row.topic, eventType: row.event_type, events: Number(row.events) }));
}
