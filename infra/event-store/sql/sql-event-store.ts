import { EventEmitter } from 'node:events';

import {
  EventIdReusedError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type SubscriptionHandle,
  type TypedPage,
} from '../event-store.port';
import { CatchUpSubscription } from '../catch-up-subscription';
import type { PhiEventCodec } from '../../crypto/phi-event-codec';
import { sqlStateOf, toBigInt, UNIQUE_VIOLATION, type SqlClient, type SqlExecutor } from '../../sql/sql-client';
import { APPEND_BATCH, APPEND_BATCH_FUNCTION, appendStatementFor, expectedKindOf } from './append-statements';
import { EVENT_STORE_SCHEMA, EVENTS_PER_TRANSACTION, POSITION_SHIFT } from './schema';

// The text aliases must not reuse the column names: ORDER BY prefers an output column, and
// ordering by the text would put position 100000000 before 48000000.
const selectEnvelope = `
  select global_position::text as position_text, stream_id, stream_version::text as version_text,
         event_id::text as event_id, event_type, schema_version, data, correlation_id, causation_id,
         actor_id, actor_role, recorded_at
  from es_events`;

// Only events of finished transactions are safe to hand out; see schema.ts.
const safeHorizon = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT})`;

interface EventRow {
  position_text: string;
  stream_id: string;
  version_text: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  correlation_id: string;
  causation_id: string | null;
  actor_id: string;
  actor_role: string;
  recorded_at: Date;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedVersion;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Appends that arrive while others are being written share one transaction, so many commands pay
 * for one commit (one WAL flush) instead of one each. 128 keeps a transaction short, so it keeps
 * the readers' horizon back only briefly.
 */
const MAX_APPENDS_PER_COMMIT = 128;

/** The advisory lock key of the schema set-up. A stream lock takes it only through a 64-bit hash collision. */
const SCHEMA_LOCK_KEY = '7340165113489432901';

/**
 * How often the store checks its head for events appended by other processes. One check serves
 * every subscription in the process; each subscription also reads on its own every
 * pollIntervalMs as a safety net.
 */
const HEAD_WATCH_INTERVAL_MS = 10;
/** Events one head check reads the types of. A check that finds more wakes every subscription. */
const HEAD_WATCH_MAX_EVENTS = 1_000;

export interface SqlEventStoreOptions {
  /** How often an idle subscription reads on its own, besides the shared head watch. */
  pollIntervalMs?: number;
  /**
   * How long a subscription waits after a wake-up before it reads, so a burst of appends is read
   * as one batch instead of one read per append. On PGlite every read waits behind the queued
   * appends anyway, so the wait costs it little.
   */
  lingerMs?: number;
  /** Encrypts the PHI fields of appended events and decrypts them on read; without it events are stored as given. */
  phi?: PhiEventCodec;
}

/** The event store on PostgreSQL or PGlite; both run exactly this SQL. */
export class SqlEventStore implements EventStore {
  readonly kind: 'postgresql' | 'pglite';
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly lingerMs: number;
  private readonly pending: PendingAppend[] = [];
  private activeWriters = 0;
  private readonly maxWriters: number;
  private subscriptions = 0;
  private headWatch: NodeJS.Timeout | undefined;
  private watchedHead = 0n;
  private closed = false;
  private readonly phi: PhiEventCodec | undefined;

  constructor(
    private readonly sql: SqlClient,
    options: SqlEventStoreOptions = {},
  ) {
    this.kind = sql.kind;
    this.pollIntervalMs = options.pollIntervalMs ?? (sql.kind === 'pglite' ? 250 : 1_000);
    this.lingerMs = options.lingerMs ?? (sql.kind === 'pglite' ? 5 : 0);
    // PGlite has one connection; on PostgreSQL a few writers keep commits overlapping so the
    // server's own group commit can work too.
    this.maxWriters = sql.kind === 'pglite' ? 1 : 4;
    this.phi = options.phi;
    this.appended.setMaxListeners(0);
  }

  static async create(sql: SqlClient, options?: SqlEventStoreOptions): Promise<SqlEventStore> {
    // Processes that start together would race to replace the function, so the lock makes them wait in turn.
    await sql.exec(`begin; select pg_advisory_xact_lock(${SCHEMA_LOCK_KEY}); ${EVENT_STORE_SCHEMA}; ${APPEND_BATCH_FUNCTION}; commit;`);
    return new SqlEventStore(sql, options);
  }

  get client(): SqlClient {
    return this.sql;
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    validateAppend(streamId, events);
    // NOTE: with PHI encryption on, two appends to one stream that are not awaited in turn may
    // reach the queue in either order; an expected version still rejects the stale one.
    const stored = await this.encodeEvents(streamId, events);
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events: stored, expected, resolve, reject });
      this.startWriters();
    });
  }

  /**
   * Appends inside a caller's transaction, so a read-model change and its events commit together.
   * Global order follows stream order only if the append comes before the transaction's first
   * other write (the stream lock must be taken before the transaction gets its xid).
   */
  async appendWith(
    executor: SqlExecutor,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    validateAppend(streamId, events);
    return this.appendEncoded(executor, streamId, await this.encodeEvents(streamId, events), expected);
  }

  private async appendEncoded(
    executor: SqlExecutor,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const rows = await this.runAppend(executor, streamId, events, expected);
    if (rows === undefined || rows.length === 0) {
      return this.explainRejectedAppend(executor, streamId, events, expected);
    }

    if (executor === this.sql) {
      this.notifyAppended(events.map((event) => event.type));
    }
    const last = rows[rows.length - 1]!;
    return {
      nextExpectedVersion: BigInt(last.stream_version),
      lastPosition: BigInt(last.global_position),
      idempotentReplay: false,
    };
  }

  /**
   * Wakes this process's subscriptions. appendToStream does it itself; a caller that appended
   * inside its own transaction calls it after the commit. Without the appended event types every
   * subscription wakes.
   */
  notifyAppended(eventTypes?: readonly string[]): void {
    this.appended.emit('appended', eventTypes);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? 2_147_483_647;
    const from = options.fromVersion ?? (backwards ? 9_223_372_036_854_775_807n : 1n);
    const comparison = backwards ? '<=' : '>=';
    const { rows } = await this.sql.query<EventRow>(
      `${selectEnvelope} where stream_id = $1 and stream_version ${comparison} $2::bigint
       order by stream_version ${backwards ? 'desc' : 'asc'} limit $3`,
      [streamId, from.toString(), limit],
    );
    return this.decodeRows(rows);
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<StoredEvent[]> {
    const { rows } = await this.sql.query<EventRow>(
      `${selectEnvelope} where global_position > $1::bigint and global_position < ${safeHorizon}
       order by global_position limit $2`,
      [after.toString(), maxCount],
    );
    return this.decodeRows(rows);
  }

  /**
   * Reads the next maxCount events after `after`, like readAll, but returns only those of the
   * given types. The other events stay in the database, so a subscription that acts on few types
   * does not decode every PHI access entry in between.
   */
  async readAllOfTypes({ after, maxCount }: ReadAllOptions, eventTypes: ReadonlySet<string>): Promise<TypedPage> {
    const { rows } = await this.sql.query<Partial<EventRow> & { scanned: number; through: string | null }>(
      `with scanned as (
         select global_position, event_type from es_events
         where global_position > $1::bigint and global_position < ${safeHorizon}
         order by global_position limit $2
       ), summary as (
         select count(*)::int as scanned, max(global_position)::text as through from scanned
       )
       select summary.scanned, summary.through,
              e.global_position::text as position_text, e.stream_id, e.stream_version::text as version_text,
              e.event_id::text as event_id, e.event_type, e.schema_version, e.data, e.correlation_id,
              e.causation_id, e.actor_id, e.actor_role, e.recorded_at
       from summary left join (es_events e join scanned s on s.global_position = e.global_position and s.event_type = any($3::text[])) on true
       order by e.global_position`,
      [after.toString(), maxCount, [...eventTypes]],
      { preparedName: 'es_read_all_of_types' },
    );
    const first = rows[0];
    const matched = rows.filter((row) => row.position_text !== null && row.position_text !== undefined) as EventRow[];
    return {
      events: await this.decodeRows(matched),
      scanned: first?.scanned ?? 0,
      through: first?.through ? BigInt(first.through) : after,
    };
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.sql.query<{ position: string | null }>(
      `select (select global_position from es_events where global_position < ${safeHorizon}
               order by global_position desc limit 1)::text as position`,
    );
    return rows[0]?.position ? BigInt(rows[0].position) : 0n;
  }

  /**
   * Returns the position of the last committed event. It can be above headPosition() while an
   * earlier transaction is still open, and subscriptions reach it once that transaction ends.
   */
  async lastCommittedPosition(): Promise<bigint> {
    const { rows } = await this.sql.query<{ position: string | null }>(
      'select (select global_position from es_events order by global_position desc limit 1)::text as position',
    );
    return rows[0]?.position ? BigInt(rows[0].position) : 0n;
  }

  subscribeToAll(options: SubscribeOptions): SubscriptionHandle {
    const subscription = new CatchUpSubscription(this, this.appended, this.pollIntervalMs, options, this.lingerMs);
    this.subscriptions++;
    this.watchHead();

    const stop = subscription.stop.bind(subscription);
    let stopped = false;
    subscription.stop = async () => {
      if (!stopped) {
        stopped = true;
        this.subscriptions--;
      }
      await stop();
    };
    return subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.headWatch);
    this.headWatch = undefined;
    this.appended.removeAllListeners();
  }

  // On PostgreSQL other processes append too. Instead of every subscription polling the events
  // table, one cheap head query wakes them all when the head moves. PGlite has no other writers.
  private watchHead(): void {
    if (this.kind !== 'postgresql' || this.headWatch) return;

    const check = async () => {
      if (this.subscriptions <= 0 || this.closed) {
        this.headWatch = undefined;
        return;
      }
      try {
        const appended = await this.appendedSince(this.watchedHead);
        if (appended.head > this.watchedHead) {
          this.watchedHead = appended.head;
          this.notifyAppended(appended.eventTypes);
        }
      } catch {
        // A failed check only delays the wake-up; each subscription still reads on its own.
      }
      if (!this.closed) this.headWatch = setTimeout(() => void check(), HEAD_WATCH_INTERVAL_MS);
    };
    this.headWatch = setTimeout(() => void check(), HEAD_WATCH_INTERVAL_MS);
  }

  // The head and the types of the events appended since `after`, so the watch wakes only the
  // subscriptions that act on them. The first check, and a check that finds more events than it
  // looks at, report no types, which wakes every subscription.
  private async appendedSince(after: bigint): Promise<{ head: bigint; eventTypes?: string[] }> {
    if (after === 0n) {
      return { head: await this.headPosition() };
    }
    const { rows } = await this.sql.query<{ head: string | null; types: string[] | null; events: number }>(
      `select max(global_position)::text as head, array_agg(distinct event_type) as types, count(*)::int as events
       from (select global_position, event_type from es_events
             where global_position > $1::bigint and global_position < ${safeHorizon}
             order by global_position limit ${HEAD_WATCH_MAX_EVENTS}) appended`,
      [after.toString()],
      { preparedName: 'es_appended_since' },
    );
    const row = rows[0];
    if (!row?.head) {
      return { head: after };
    }
    return { head: BigInt(row.head), eventTypes: row.events < HEAD_WATCH_MAX_EVENTS ? (row.types ?? []) : undefined };
  }

  private async encodeEvents(streamId: string, events: NewEvent[]): Promise<NewEvent[]> {
    if (!this.phi) {
      return events;
    }
    return this.phi.encode(streamId, events, async (stream) => {
      const { rows } = await this.sql.query<{ patient_id: string | null }>(
        `select coalesce(data->>'$phiKey', data->>'patientId') as patient_id from es_events
         where stream_id = $1 and coalesce(data->>'$phiKey', data->>'patientId') is not null
         order by stream_version desc limit 1`,
        [stream],
      );
      return rows[0]?.patient_id ?? undefined;
    });
  }

  private async decodeRows(rows: EventRow[]): Promise<StoredEvent[]> {
    const events = rows.map(toStoredEvent);
    const codec = this.phi;
    if (!codec) {
      return events;
    }
    return Promise.all(events.map((event) => codec.decode(event)));
  }

  private startWriters(): void {
    while (this.activeWriters < this.maxWriters && this.pending.length > 0) {
      this.activeWriters++;
      void this.drainPending().finally(() => {
        this.activeWriters--;
        this.startWriters();
      });
    }
  }

  private async drainPending(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_APPENDS_PER_COMMIT);
      if (batch.length === 1) {
        await this.appendAlone(batch[0]!);
      } else {
        await this.appendTogether(batch);
      }
    }
  }

  private async appendAlone(append: PendingAppend): Promise<void> {
    try {
      append.resolve(await this.appendEncoded(this.sql, append.streamId, append.events, append.expected));
    } catch (error) {
      append.reject(error);
    }
  }

  // One statement for the whole batch (es_append_batch in append-statements.ts). A stale
  // expected version stores nothing for that append only. An error (a reused event id) stores
  // nothing for any of them, and then each append is retried alone so only the faulty one fails.
  private async appendTogether(batch: PendingAppend[]): Promise<void> {
    const ordered = [...batch].sort((a, b) => compareStreamIds(a.streamId, b.streamId));
    const events = ordered.flatMap((append) => append.events);
    const expected = ordered.map((append) => expectedKindOf(append.expected));
    let rows: { append_number: number; last_position: string; last_version: string }[];
    try {
      ({ rows } = await this.sql.query(
        APPEND_BATCH.text,
        [
          ordered.map((append) => append.streamId),
          ordered.map((append) => append.events.length),
          expected.map((each) => each.kind),
          expected.map((each) => each.version),
          ...eventColumns(events),
        ],
        { preparedName: APPEND_BATCH.name },
      ));
    } catch {
      for (const append of ordered) {
        await this.appendAlone(append);
      }
      return;
    }

    this.notifyAppended([...new Set(events.map((event) => event.type))]);
    const stored = new Map(rows.map((row) => [Number(row.append_number), row]));
    for (const [index, append] of ordered.entries()) {
      const row = stored.get(index + 1);
      if (row) {
        append.resolve({ nextExpectedVersion: BigInt(row.last_version), lastPosition: BigInt(row.last_position), idempotentReplay: false });
      } else {
        await this.explainRejectedAppend(this.sql, append.streamId, append.events, append.expected).then(append.resolve, append.reject);
      }
    }
  }

  private async runAppend(
    executor: SqlExecutor,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<{ global_position: string; stream_version: string }[] | undefined> {
    const params = [
      streamId,
      events.length,
      typeof expected === 'bigint' ? expected.toString() : null,
      ...eventColumns(events),
    ];

    try {
      const statement = appendStatementFor(expected);
      const { rows } = await executor.query<{ global_position: string; stream_version: string }>(statement.text, params, {
        preparedName: statement.name,
      });
      return rows;
    } catch (error) {
      // A reused event id: either a retry of an append that already succeeded, or a client bug.
      if (sqlStateOf(error) === UNIQUE_VIOLATION && executor === this.sql) {
        return undefined;
      }
      throw error;
    }
  }

  // The append stored nothing: it was a retry of a stored append, a reused event id, or a stale
  // expected version. Work out which from what is stored.
  private async explainRejectedAppend(
    executor: SqlExecutor,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.eventId);
    const { rows: stored } = await executor.query<{ event_id: string; stream_id: string; position_text: string; version_text: string }>(
      `select event_id::text as event_id, stream_id, global_position::text as position_text,
              stream_version::text as version_text
       from es_events where event_id = any($1::uuid[]) order by global_position`,
      [ids],
    );

    if (stored.length === events.length && stored.every((row) => row.stream_id === streamId)) {
      const last = stored[stored.length - 1]!;
      return {
        nextExpectedVersion: BigInt(last.version_text),
        lastPosition: BigInt(last.position_text),
        idempotentReplay: true,
      };
    }
    if (stored.length > 0) {
      throw new EventIdReusedError(streamId, stored.map((row) => row.event_id));
    }

    const { rows } = await executor.query<{ version: unknown }>(
      'select version from es_streams where stream_id = $1',
      [streamId],
    );
    throw new WrongExpectedVersionError(streamId, expected, rows[0] ? toBigInt(rows[0].version) : 0n);
  }
}

/** Returns the events as the append statements' array parameters, one array per column. */
function eventColumns(events: NewEvent[]): unknown[][] {
  return [
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => event.schemaVersion),
    events.map((event) => JSON.stringify(event.data)),
    events.map((event) => event.correlationId),
    events.map((event) => event.causationId),
    events.map((event) => event.actor.id),
    events.map((event) => event.actor.role),
  ];
}

function compareStreamIds(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function validateAppend(streamId: string, events: NewEvent[]): void {
  if (streamId.length === 0) {
    throw new RangeError('stream id must not be empty');
  }
  if (events.length === 0) {
    throw new RangeError(`append to ${streamId} has no events`);
  }
  if (events.length >= EVENTS_PER_TRANSACTION) {
    throw new RangeError(`append to ${streamId} has ${events.length} events; at most ${EVENTS_PER_TRANSACTION - 1} fit in one transaction`);
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    streamId: row.stream_id,
    streamVersion: BigInt(row.version_text),
    globalPosition: BigInt(row.position_text),
    recordedAt: row.recorded_at,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    actor: { id: row.actor_id, role: row.actor_role },
  };
}
