// Timers whose handler failed on every attempt, kept for an operator to look at and retry. Both
// timer adapters have them: the SQL adapter marks the row dead, BullMQ keeps the failed job.

/** A dead timer as the admin view shows it: ids and codes only, never a message that could quote PHI. */
export interface DeadTimer {
  timerId: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** When the last attempt failed; null on the SQL adapter, which does not record it. */
  failedAt: string | null;
  /** The error's class name, such as ConflictError. */
  errorName: string;
}

export interface TimerDeadLetters {
  /** Lists up to `limit` dead timers, the most recently failed first. */
  listDead(limit: number): Promise<DeadTimer[]>;
  /** Schedules a dead timer again, due now, with a fresh set of attempts; returns false when no dead timer has this id. */
  retryDead(timerId: string): Promise<boolean>;
}

/** Injection token of the dead letters of the configured timer adapter. */
export const TIMER_DEAD_LETTERS = Symbol('TimerDeadLetters');
