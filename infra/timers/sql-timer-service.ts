import type { Logger } from 'pino';

import type { SqlClient } from '../sql/sql-client';
import { systemClock, type Clock, type FiredTimer, type TimerHandler, type TimerRequest, type TimerService } from './timers.port';

// The embedded timer adapter: timers are rows of scheduled_timers in the store's database, so
// they survive a restart, and a poller delivers the due ones. A delivery first leases the row
// (attempts + 1, lease_until in the future), runs the handler, then marks the row fired. A
// process that stops in between leaves the lease to run out, and the next poll delivers again.

export const TIMERS_SCHEMA = `
create table if not exists scheduled_timers (
  timer_id text primary key,
  kind text not null,
  due_at timestamptz not null,
  payload jsonb not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'fired', 'cancelled', 'dead')),
  attempts integer not null default 0,
  lease_until timestamptz,
  last_error text,
  scheduled_at timestamptz not null,
  fired_at timestamptz,
  cancelled_at timestamptz
);
create index if not exists scheduled_timers_due on scheduled_timers (due_at) where status = 'scheduled';
`;

export interface SqlTimerOptions {
  clock?: Clock;
  /** How often the background poller looks for due timers. */
  pollIntervalMs?: number;
  /** How long a delivery may run before another poll may deliver the timer again. */
  leaseMs?: number;
  /** Deliveries per timer before it is marked dead and left for an operator. */
  maxAttempts?: number;
  /** Timers delivered per poll. */
  batchSize?: number;
}

// One second keeps a two-hour offer deadline accurate to well under a minute, and costs one
// indexed query a second on an idle system.
const DEFAULT_POLL_INTERVAL_MS = 1_000;
// A handler dispatches one or two commands; a minute is far above that, so a lease runs out only
// when the process stopped.
const DEFAULT_LEASE_MS = 60_000;
// Eight attempts with the backoff below span about 21 minutes, enough to ride out a database
// restart without retrying a broken handler for ever.
const DEFAULT_MAX_ATTEMPTS = 8;
const FIRST_RETRY_DELAY_MS = 10_000;

interface TimerRow {
  timer_id: string;
  kind: string;
  due_at: Date | string;
  payload: Record<string, unknown>;
  attempts: number;
}

export class SqlTimerService implements TimerService {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private polling: Promise<void> | undefined;
  private sleeper: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private stopped = true;

  private constructor(
    private readonly sql: SqlClient,
    private readonly logger: Logger,
    options: SqlTimerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.batchSize = options.batchSize ?? 100;
  }

  /** Creates the timers table if needed and returns the service, not yet polling. */
  static async open(sql: SqlClient, logger: Logger, options: SqlTimerOptions = {}): Promise<SqlTimerService> {
    await sql.exec(TIMERS_SCHEMA);
    return new SqlTimerService(sql, logger, options);
  }

  async schedule(timer: TimerRequest): Promise<boolean> {
    const dueAt = new Date(timer.dueAt);
    if (Number.isNaN(dueAt.getTime())) {
      throw new RangeError(`timer ${timer.timerId} has an invalid dueAt ${JSON.stringify(timer.dueAt)}; send an ISO 8601 instant`);
    }
    const { rows } = await this.sql.query<{ timer_id: string }>(
      `insert into scheduled_timers (timer_id, kind, due_at, payload, scheduled_at)
       values ($1, $2, $3, $4::jsonb, $5)
       on conflict (timer_id) do nothing
       returning timer_id`,
      [timer.timerId, timer.kind, dueAt.toISOString(), JSON.stringify(timer.payload), this.clock().toISOString()],
    );
    return rows.length === 1;
  }

  async cancel(timerId: string): Promise<boolean> {
    const { rows } = await this.sql.query<{ timer_id: string }>(
      `update scheduled_timers set status = 'cancelled', cancelled_at = $2, lease_until = null
       where timer_id = $1 and status = 'scheduled'
       returning timer_id`,
      [timerId, this.clock().toISOString()],
    );
    return rows.length === 1;
  }

  handle(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) {
      throw new Error(`a handler for timer kind ${kind} is already registered; register each kind once`);
    }
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.polling = this.pollLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.wake();
    }
    await this.polling;
    this.polling = undefined;
  }

  /**
   * Delivers every timer due now whose kind has a handler, one batch after another, and returns
   * how many handlers succeeded. The background poller calls it; tests call it after moving the clock.
   */
  async fireDue(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const claimed = await this.claimDue();
      for (const row of claimed) {
        delivered += (await this.deliver(row)) ? 1 : 0;
      }
      if (claimed.length < this.batchSize) return delivered;
    }
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.fireDue();
      } catch (error) {
        this.logger.error({ err: error }, 'timer poll failed; retrying at the next interval');
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        this.sleeper = { timer: setTimeout(resolve, this.pollIntervalMs), wake: resolve };
      });
      this.sleeper = undefined;
    }
  }

  private async claimDue(): Promise<TimerRow[]> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];

    const now = this.clock();
    const { rows } = await this.sql.query<TimerRow>(
      `update scheduled_timers set attempts = attempts + 1, lease_until = $2
       where timer_id in (
         select timer_id from scheduled_timers
         where status = 'scheduled' and due_at <= $1 and kind = any($3::text[])
           and (lease_until is null or lease_until <= $1)
         order by due_at, timer_id
         limit $4
         for update skip locked)
       returning timer_id, kind, due_at, payload, attempts`,
      [now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString(), kinds, this.batchSize],
    );
    return rows.sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime() || compareText(a.timer_id, b.timer_id));
  }

  private async deliver(row: TimerRow): Promise<boolean> {
    const handler = this.handlers.get(row.kind)!;
    const firedAt = this.clock().toISOString();
    const timer: FiredTimer = {
      timerId: row.timer_id,
      kind: row.kind,
      dueAt: new Date(row.due_at).toISOString(),
      payload: row.payload,
      attempt: row.attempts,
      firedAt,
    };

    try {
      await handler(timer);
    } catch (error) {
      await this.recordFailure(row, error);
      return false;
    }

    await this.sql.query(
      `update scheduled_timers set status = 'fired', fired_at = $2, lease_until = null, last_error = null
       where timer_id = $1 and status = 'scheduled'`,
      [row.timer_id, firedAt],
    );
    return true;
  }

  // The next try waits 10 s, 20 s, 40 s ... so a failing dependency is not hammered.
  private async recordFailure(row: TimerRow, error: unknown): Promise<void> {
    const dead = row.attempts >= this.maxAttempts;
    const retryAt = new Date(this.clock().getTime() + FIRST_RETRY_DELAY_MS * 2 ** (row.attempts - 1));
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);

    await this.sql.query(
      `update scheduled_timers set last_error = $2, lease_until = $3, status = case when $4 then 'dead' else status end
       where timer_id = $1 and status = 'scheduled'`,
      [row.timer_id, message.slice(0, 2_000), retryAt.toISOString(), dead],
    );
    const fields = { timerId: row.timer_id, kind: row.kind, attempt: row.attempts, err: error };
    if (dead) {
      this.logger.error(fields, 'timer handler failed on its last attempt; timer marked dead');
    } else {
      this.logger.warn({ ...fields, retryAt: retryAt.toISOString() }, 'timer handler failed; retrying later');
    }
  }
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
