import type { Logger } from 'pino';

import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore, StoredEvent, SubscriptionHandle } from '../../infra/event-store/event-store.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import { SAGA_SCHEMA } from './saga-tables';

/** A saga that reacts to stored events; its side effects must be idempotent (see README.md). */
export interface EventSaga {
  /** Lower-case letters, digits and "-"; names its checkpoint and dead letters. */
  readonly name: string;
  handles(event: StoredEvent): boolean;
  react(event: StoredEvent): Promise<void>;
  /**
   * Every event type handles() can accept. Appends of other types do not wake the saga, and the
   * SQL stores do not pass those events to it.
   */
  readonly eventTypes?: ReadonlySet<string>;
}

export interface SagaRunnerOptions {
  /** Tries per event before it is dead-lettered. */
  maxAttempts?: number;
  firstRetryDelayMs?: number;
  /** Waits before re-subscribing after the subscription itself failed. */
  restartDelayMs?: number;
  batchSize?: number;
}

// Five tries over about 1.5 s ride out a stale write or a brief lock. A failure that outlasts
// them is a bug or an outage, which the dead letter records for an operator.
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_FIRST_RETRY_DELAY_MS = 100;
const DEFAULT_RESTART_DELAY_MS = 5_000;
/** How many events the saga may pass over, reacting to none, before its checkpoint moves anyway. */
const SKIPPED_EVENTS_PER_CHECKPOINT = 10_000;

/**
 * Feeds a saga the store's events in global order from its checkpoint. The checkpoint moves after
 * each event the saga handled, so a restart repeats at most the event in flight, and the saga's
 * deterministic ids make that repeat harmless. A saga failure is retried with backoff and then
 * dead-lettered, so it never stops the runner or escapes it.
 */
export class SagaRunner {
  private subscription: SubscriptionHandle | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly maxAttempts: number;
  private readonly firstRetryDelayMs: number;
  private readonly restartDelayMs: number;
  private readonly batchSize: number;
  private passedSinceCheckpoint = 0;

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    readonly saga: EventSaga,
    private readonly logger: Logger,
    options: SagaRunnerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.firstRetryDelayMs = options.firstRetryDelayMs ?? DEFAULT_FIRST_RETRY_DELAY_MS;
    this.restartDelayMs = options.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS;
    this.batchSize = options.batchSize ?? 100;
  }

  async start(): Promise<void> {
    await this.sql.exec(SAGA_SCHEMA);
    this.stopped = false;
    await this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Resolves once the saga has handled every event up to `position`. */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (!this.subscription) {
      throw new Error(`saga ${this.saga.name} is not running`);
    }
    await this.subscription.waitFor(position, timeoutMs);
  }

  private async follow(): Promise<void> {
    const after = await this.readCheckpoint();
    this.subscription = this.store.subscribeToAll({
      after,
      batchSize: this.batchSize,
      eventTypes: this.saga.eventTypes,
      handler: (events) => this.handleBatch(events),
      onError: (error) => this.restartLater(error),
    });
  }

  // Only a failure to record progress or a dead letter gets here: the database is unreachable.
  private restartLater(error: unknown): void {
    this.logger.error({ saga: this.saga.name, err: error, retryInMs: this.restartDelayMs }, 'saga subscription stopped; restarting');
    this.subscription = undefined;
    if (this.stopped) return;
    this.restartTimer = setTimeout(() => {
      this.follow().catch((restartError: unknown) => this.restartLater(restartError));
    }, this.restartDelayMs);
  }

  // The checkpoint moves once per batch: a saga's reactions are safe to repeat, so after a crash
  // the batch is delivered again and its repeated commands, timers and messages store nothing new.
  // After a batch without a reaction, the checkpoint moves only every SKIPPED_EVENTS_PER_CHECKPOINT
  // events, because reading those events again after a restart costs only the reading.
  private async handleBatch(events: StoredEvent[]): Promise<void> {
    let reacted = false;
    for (const stored of events) {
      if (this.saga.handles(stored)) {
        await this.reactWithRetries(upcastStoredEvent(stored));
        reacted = true;
      }
    }
    const last = events.at(-1);
    if (!last) return;

    this.passedSinceCheckpoint += events.length;
    if (reacted || this.passedSinceCheckpoint >= SKIPPED_EVENTS_PER_CHECKPOINT) {
      await this.writeCheckpoint(last.globalPosition);
      this.passedSinceCheckpoint = 0;
    }
  }

  private async reactWithRetries(event: StoredEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.saga.react(event);
        return;
      } catch (error) {
        const fields = { saga: this.saga.name, eventId: event.eventId, eventType: event.type, attempt, err: error };
        if (attempt >= this.maxAttempts) {
          this.logger.error(fields, 'saga failed on an event after its last attempt; dead-lettered');
          await this.deadLetter(event, attempt, error);
          return;
        }
        this.logger.warn(fields, 'saga failed on an event; retrying');
        await delay(this.firstRetryDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  private async deadLetter(event: StoredEvent, attempts: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.sql.query(
      `insert into saga_dead_letters (saga, event_id, global_position, stream_id, event_type, attempts, error)
       values ($1, $2, $3::bigint, $4, $5, $6, $7)
       on conflict (saga, event_id) do update set attempts = excluded.attempts, error = excluded.error, recorded_at = now()`,
      [this.saga.name, event.eventId, event.globalPosition.toString(), event.streamId, event.type, attempts, message.slice(0, 2_000)],
    );
  }

  private async readCheckpoint(): Promise<bigint> {
    const { rows } = await this.sql.query<{ position: string }>('select position::text as position from saga_checkpoints where name = $1', [this.saga.name]);
    return rows[0] ? BigInt(rows[0].position) : 0n;
  }

  private async writeCheckpoint(position: bigint): Promise<void> {
    await this.sql.query(
      `insert into saga_checkpoints (name, position, updated_at) values ($1, $2::bigint, now())
       on conflict (name) do update set position = greatest(saga_checkpoints.position, excluded.position), updated_at = now()`,
      [this.saga.name, position.toString()],
    );
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
