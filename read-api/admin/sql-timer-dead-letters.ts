import type { SqlClient } from '../../infra/sql/sql-client';
import type { DeadTimer, TimerDeadLetters } from '../../infra/timers/bullmq/dead-letters.port';

// The dead letters of the SQL timer adapter: rows of scheduled_timers in status 'dead'. The table
// belongs to SqlTimerService, which creates it before this is used.

interface DeadRow {
  timer_id: string;
  kind: string;
  due_at: Date | string;
  payload: Record<string, unknown>;
  attempts: number;
  last_error: string | null;
}

export class SqlTimerDeadLetters implements TimerDeadLetters {
  constructor(private readonly sql: SqlClient) {}

  // The table records no failure time, so the most recently due come first instead.
  async listDead(limit: number): Promise<DeadTimer[]> {
    const { rows } = await this.sql.query<DeadRow>(
      `select timer_id, kind, due_at, payload, attempts, last_error from scheduled_timers
       where status = 'dead' order by due_at desc, timer_id limit $1`,
      [limit],
    );
    return rows.map((row) => ({
      timerId: row.timer_id,
      kind: row.kind,
      dueAt: new Date(row.due_at).toISOString(),
      payload: row.payload,
      attempts: row.attempts,
      failedAt: null,
      errorName: /^([A-Za-z_$][\w$]*)(:|$)/.exec(row.last_error ?? '')?.[1] ?? 'Error',
    }));
  }

  async retryDead(timerId: string): Promise<boolean> {
    const { rows } = await this.sql.query<{ timer_id: string }>(
      `update scheduled_timers set status = 'scheduled', attempts = 0, lease_until = null, last_error = null, due_at = $2
       where timer_id = $1 and status = 'dead'
       returning timer_id`,
      [timerId, new Date().toISOString()],
    );
    return rows.length === 1;
  }
}
