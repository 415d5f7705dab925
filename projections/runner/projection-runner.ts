import type { Logger } from 'pino';

import type { EventStore, StoredEvent, SubscriptionHandle } from '../../infra/event-store/event-store.port';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import {
  projectionBatchDuration,
  projectionEventsTotal,
  projectionLagEvents,
  projectionLagSeconds,
  projectionPosition,
} from '../../infra/observability/metrics';
import type { SqlClient } from '../../infra/sql/sql-client';
import { CHECKPOINT_SCHEMA, deleteCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoints';
import { liveSchema, rebuildSchema, type Projection } from './projection';

/** Events per transaction; large enough to amortize the commit, small enough to keep xmin moving. */
const DEFAULT_BATCH_SIZE = 1_000;

/**
 * How many events a projection may pass over without moving its checkpoint. Skipped events change
 * nothing, so a restart that reads them again costs only the reading; this bounds that reading.
 */
const SKIPPED_EVENTS_PER_CHECKPOINT = 10_000;

/** A committed change: a live batch of events, or a rebuilt read model that replaced the live one. */
export type CommittedChange = { kind: 'batch'; events: readonly StoredEvent[] } | { kind: 'rebuilt' };

/** Called after a change commits and before its position counts as applied. */
export type CommittedListener = (change: CommittedChange) => Promise<void>;

export interface ProjectionStatus {
  name: string;
  version: number;
  position: string;
  running: boolean;
}

/**
 * Keeps one projection's read model up to date. Each batch of events and the checkpoint that
 * covers it commit in one transaction, so a crash at any point leaves the read model exactly at
 * its checkpoint, and the next start resumes from there without applying anything twice.
 */
export class ProjectionRunner {
  private subscription: SubscriptionHandle | undefined;
  private failure: unknown;
  private readonly committedListeners: CommittedListener[] = [];
  private skippedSinceCheckpoint = 0;

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    readonly projection: Projection,
    private readonly logger: Logger,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  /** Creates the tables if needed, rebuilds when the projection's version changed, then follows the store. */
  async start(): Promise<void> {
    await this.sql.exec(CHECKPOINT_SCHEMA);
    const checkpoint = await readCheckpoint(this.sql, this.projection.name);

    if (!checkpoint || checkpoint.version !== this.projection.version) {
      this.logger.info({ projection: this.projection.name, storedVersion: checkpoint?.version ?? null }, 'projection building from position 0');
      await this.recreateSchema(liveSchema(this.projection));
      await writeCheckpoint(this.sql, this.projection.name, { version: this.projection.version, position: 0n });
    }

    await this.follow();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Resolves once the read model reflects every event up to `position` (read your writes). */
  async waitFor(position: bigint, timeoutMs = 5_000): Promise<void> {
    if (!this.subscription) {
      throw new Error(`projection ${this.projection.name} is not running`, { cause: this.failure });
    }
    await this.subscription.waitFor(position, timeoutMs);
  }

  /**
   * Registers a listener for committed live batches and rebuilds, such as a cache to invalidate.
   * The runner awaits it before the batch's position counts as applied, so whoever waits for that
   * position (read your writes) sees the listener's work done. A listener must not throw: the runner logs
   * its error and goes on, because the read model itself is already committed.
   */
  onCommitted(listener: CommittedListener): void {
    this.committedListeners.push(listener);
  }

  get position(): bigint {
    return this.subscription?.lastPosition ?? 0n;
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      version: this.projection.version,
      position: this.position.toString(),
      running: this.subscription !== undefined && this.failure === undefined,
    };
  }

  /**
   * Replays every event from position 0 into fresh tables while the live read model keeps
   * serving, then swaps the two in one transaction. Readers see either the old tables or the
   * complete new ones.
   */
  async rebuild(): Promise<{ events: number; seconds: number }> {
    const started = process.hrtime.bigint();
    const schema = rebuildSchema(this.projection);
    const checkpointName = `${this.projection.name}#rebuild`;
    await this.recreateSchema(schema, { withIndexes: false });

    let position = 0n;
    let events = 0;
    for (;;) {
      const applied = await this.catchUp(schema, checkpointName, position);
      position = applied.position;
      events += applied.events;
      if (applied.events === 0) break;
    }
    if (this.projection.createIndexes) {
      await this.sql.exec(this.projection.createIndexes(schema));
    }

    // Pause the live runner so no batch lands in the old tables after the final catch-up.
    await this.stop();
    const last = await this.catchUp(schema, checkpointName, position, Number.POSITIVE_INFINITY);
    events += last.events;
    await this.swapIn(schema, last.position);
    await this.notifyCommitted({ kind: 'rebuilt' });
    await this.follow();

    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.logger.info({ projection: this.projection.name, events, seconds }, 'projection rebuilt and swapped in');
    return { events, seconds };
  }

  /** Counts unapplied events for the lag gauge; only the SQL stores can answer cheaply. */
  async measureLag(): Promise<void> {
    if (this.store.kind === 'eventstoredb') return;
    const { rows } = await this.sql.query<{ behind: string }>(
      `select count(*)::text as behind from (select 1 from es_events where global_position > $1::bigint limit 100000) pending`,
      [this.position.toString()],
    );
    projectionLagEvents.set({ projection: this.projection.name }, Number(rows[0]?.behind ?? 0));
  }

  private async follow(): Promise<void> {
    const checkpoint = await readCheckpoint(this.sql, this.projection.name);
    const schema = liveSchema(this.projection);
    this.failure = undefined;

    this.subscription = this.store.subscribeToAll({
      after: checkpoint?.position ?? 0n,
      batchSize: this.batchSize,
      eventTypes: this.projection.eventTypes,
      lingerMs: this.projection.lingerMs,
      handler: (events) => this.applyBatch(schema, this.projection.name, events),
      onError: (error) => {
        // Stopping is the safe choice: the checkpoint has not moved past the failed batch, so a
        // restart after the fix resumes exactly there.
        this.failure = error;
        this.logger.error({ projection: this.projection.name, err: error }, 'projection stopped on an error');
      },
    });
  }

  // Reads the next page while the current one is applied, so reading and writing overlap.
  private async catchUp(schema: string, checkpointName: string, after: bigint, maxBatches = 50) {
    const pageSize = this.batchSize * 5;
    let position = after;
    let events = 0;
    let page = await this.store.readAll({ after: position, maxCount: pageSize });
    for (let batch = 0; batch < maxBatches && page.length > 0; batch++) {
      position = page[page.length - 1]!.globalPosition;
      const next = batch + 1 < maxBatches ? this.store.readAll({ after: position, maxCount: pageSize }) : Promise.resolve([]);
      await this.applyBatch(schema, checkpointName, page, { rebuilding: true });
      events += page.length;
      page = await next;
    }
    return { position, events };
  }

  private async applyBatch(schema: string, checkpointName: string, events: StoredEvent[], options: { rebuilding?: boolean } = {}): Promise<void> {
    const last = events[events.length - 1]!;
    const handled = this.projection.eventTypes;
    const applicable = handled ? events.filter((event) => handled.has(event.type)) : events;
    if (applicable.length === 0) {
      await this.skipBatch(checkpointName, events);
      return;
    }
    this.skippedSinceCheckpoint = 0;

    const timer = projectionBatchDuration.startTimer({ projection: this.projection.name });
    await this.sql.transaction(async (tx) => {
      // A rebuild batch lost in a crash is lost together with its checkpoint and replayed on the
      // next rebuild, so it need not wait for its WAL flush.
      if (options.rebuilding && this.sql.kind === 'postgresql') {
        await tx.query('set local synchronous_commit = off');
      }
      await this.projection.apply(tx, schema, applicable.map((event) => upcastStoredEvent(event)));
      await writeCheckpoint(tx, checkpointName, { version: this.projection.version, position: last.globalPosition });
    });

    timer();
    if (checkpointName === this.projection.name) {
      await this.notifyCommitted({ kind: 'batch', events });
      projectionEventsTotal.inc({ projection: this.projection.name }, events.length);
      projectionPosition.set({ projection: this.projection.name }, Number(last.globalPosition));
      const behind = events.length >= this.batchSize;
      projectionLagSeconds.set(
        { projection: this.projection.name },
        behind ? Math.max(0, (Date.now() - last.recordedAt.getTime()) / 1000) : 0,
      );
    }
  }

  // A batch of events the projection does not act on leaves the read model as it is, so it needs
  // no transaction. A rebuild's final swap records its position; the live checkpoint moves only
  // every SKIPPED_EVENTS_PER_CHECKPOINT skipped events.
  private async skipBatch(checkpointName: string, events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1]!;
    if (checkpointName !== this.projection.name) return;

    this.skippedSinceCheckpoint += events.length;
    if (this.skippedSinceCheckpoint >= SKIPPED_EVENTS_PER_CHECKPOINT) {
      await writeCheckpoint(this.sql, checkpointName, { version: this.projection.version, position: last.globalPosition });
      this.skippedSinceCheckpoint = 0;
    }
    projectionPosition.set({ projection: this.projection.name }, Number(last.globalPosition));
  }

  private async notifyCommitted(change: CommittedChange): Promise<void> {
    for (const listener of this.committedListeners) {
      try {
        await listener(change);
      } catch (error) {
        this.logger.error({ projection: this.projection.name, err: error }, 'listener of committed projection batches failed');
      }
    }
  }

  private async recreateSchema(schema: string, options: { withIndexes: boolean } = { withIndexes: true }): Promise<void> {
    const indexes = options.withIndexes ? (this.projection.createIndexes?.(schema) ?? '') : '';
    await this.sql.exec(`drop schema if exists ${schema} cascade; create schema ${schema}; ${this.projection.createTables(schema)} ${indexes}`);
  }

  private async swapIn(schema: string, position: bigint): Promise<void> {
    const live = liveSchema(this.projection);
    const retired = `${live}_retired`;
    await this.sql.transaction(async (tx) => {
      await tx.query(`drop schema if exists ${retired} cascade`);
      await tx.query(`alter schema ${live} rename to ${retired}`);
      await tx.query(`alter schema ${schema} rename to ${live}`);
      await writeCheckpoint(tx, this.projection.name, { version: this.projection.version, position });
      await deleteCheckpoint(tx, `${this.projection.name}#rebuild`);
      await tx.query(`drop schema ${retired} cascade`);
    });
  }
}
