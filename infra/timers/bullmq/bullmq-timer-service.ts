import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { systemClock, type Clock, type TimerHandler, type TimerRequest, type TimerService } from '../timers.port';
import type { DeadTimer, TimerDeadLetters } from './dead-letters.port';

// The timer adapter on Redis: a timer is a BullMQ delayed job whose job id is the timer id and
// whose name is the kind (see jobIdOf for the ids BullMQ does not accept as they are). BullMQ ignores an add with an id it already stores, so scheduling is
// idempotent, and the worker routes each job to the handler of its kind.
//
// Retries are BullMQ's: a handler that throws gets the job again after an exponential back-off,
// and a job that used up its attempts lands in the queue's failed set, which is the dead-letter
// list. BullMQ moves it there in the same Lua script that records the last failure, so no timer
// is lost between "failed" and "dead-lettered", which a copy into a second queue could not promise.

export interface BullmqTimerOptions {
  /** Redis key prefix; tests give each suite its own so they never see each other's jobs. */
  prefix?: string;
  clock?: Clock;
  /** Handlers running at once in this process. */
  concurrency?: number;
  /** Deliveries per timer before it is dead-lettered. */
  maxAttempts?: number;
  /** Delay before the first retry; each later retry waits twice as long as the one before. */
  firstRetryDelayMs?: number;
  /** How long a delivery may run before another worker treats it as stalled and delivers it again. */
  lockDurationMs?: number;
  /** How often the worker looks for deliveries whose lock ran out. */
  stalledIntervalMs?: number;
}

/** Queue name inside the prefix; one queue carries every kind. */
export const TIMER_QUEUE = 'timers';

// The same policy as the SQL adapter: eight attempts 10 s, 20 s, 40 s ... apart span about 21
// minutes, enough to ride out a dependency restart without retrying a broken handler for ever.
const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_FIRST_RETRY_DELAY_MS = 10_000;
// A handler dispatches one or two commands, far below 30 s, so a lock runs out only when the
// process stopped. Another worker then delivers the timer again.
const DEFAULT_LOCK_DURATION_MS = 30_000;
const DEFAULT_CONCURRENCY = 20;
// A kind without a handler in this process waits this long before a worker looks at it again.
const UNHANDLED_KIND_DELAY_MS = 60_000;
// Fired timers are kept this long so that scheduling a fired id again changes nothing, as with
// the SQL adapter. Cancelled ids keep a marker for the same time.
// NOTE: after 30 days a replayed schedule of a fired or cancelled id fires again. The handlers
// are idempotent, so the cost is a second, ignored delivery.
const FINISHED_RETENTION_SECONDS = 30 * 24 * 3600;

interface TimerJobData {
  timerId: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
}

export class BullmqTimerService implements TimerService, TimerDeadLetters {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly queue: Queue<TimerJobData>;
  private readonly clock: Clock;
  private readonly prefix: string;
  private readonly maxAttempts: number;
  private readonly firstRetryDelayMs: number;
  private worker: { worker: Worker<TimerJobData>; connection: Redis } | undefined;
  private shutDown = false;

  constructor(
    private readonly connection: Redis,
    private readonly logger: Logger,
    private readonly options: BullmqTimerOptions = {},
  ) {
    this.prefix = options.prefix ?? 'ohip';
    this.clock = options.clock ?? systemClock;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.firstRetryDelayMs = options.firstRetryDelayMs ?? DEFAULT_FIRST_RETRY_DELAY_MS;
    this.queue = new Queue<TimerJobData>(TIMER_QUEUE, { connection, prefix: this.prefix });
    this.queue.on('error', (error) => this.logger.error({ err: error }, 'timer queue lost its Redis connection; ioredis reconnects'));
  }

  async schedule(timer: TimerRequest): Promise<boolean> {
    const dueAt = new Date(timer.dueAt);
    if (Number.isNaN(dueAt.getTime())) {
      throw new RangeError(`timer ${timer.timerId} has an invalid dueAt ${JSON.stringify(timer.dueAt)}; send an ISO 8601 instant`);
    }

    // BullMQ returns the same result for a new and a duplicate id, so whether the timer is new
    // comes from a look first. Two processes scheduling the same id at once may both see true,
    // but Redis still stores one job.
    const jobId = jobIdOf(timer.timerId);
    const [existing, cancelled] = await Promise.all([this.queue.getJobState(jobId), this.connection.exists(this.cancelledKey(timer.timerId))]);
    if (existing !== 'unknown' || cancelled === 1) return false;

    await this.queue.add(
      timer.kind,
      { timerId: timer.timerId, kind: timer.kind, dueAt: dueAt.toISOString(), payload: timer.payload },
      {
        jobId,
        delay: Math.max(0, dueAt.getTime() - this.clock().getTime()),
        attempts: this.maxAttempts,
        backoff: { type: 'exponential', delay: this.firstRetryDelayMs },
        removeOnComplete: { age: FINISHED_RETENTION_SECONDS },
        removeOnFail: false,
      },
    );
    return true;
  }

  async cancel(timerId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobIdOf(timerId));
    if (!job) return false;

    const state = await job.getState();
    if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') return false;
    try {
      await job.remove();
    } catch (error) {
      // The worker took the job between the look and the removal: that delivery finishes.
      this.logger.info({ timerId, err: error }, 'timer not cancelled: its delivery already started');
      return false;
    }
    await this.connection.set(this.cancelledKey(timerId), '1', 'EX', FINISHED_RETENTION_SECONDS);
    return true;
  }

  handle(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) {
      throw new Error(`a handler for timer kind ${kind} is already registered; register each kind once`);
    }
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (this.worker) return;

    const connection = this.connection.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker<TimerJobData>(TIMER_QUEUE, (job, token) => this.deliver(job, token), {
      connection,
      prefix: this.prefix,
      concurrency: this.options.concurrency ?? DEFAULT_CONCURRENCY,
      lockDuration: this.options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      stalledInterval: this.options.stalledIntervalMs ?? DEFAULT_LOCK_DURATION_MS,
    });
    worker.on('failed', (job, error) => this.logFailure(job, error));
    worker.on('error', (error) => this.logger.error({ err: error }, 'timer worker lost its Redis connection; BullMQ reconnects'));
    this.worker = { worker, connection };
  }

  async stop(): Promise<void> {
    const running = this.worker;
    this.worker = undefined;
    if (!running) return;

    // Closing a worker whose connections are still opening makes BullMQ report the closed
    // connection as an unhandled error, so a stop right after a start waits for the start.
    await running.worker.waitUntilReady().catch(() => undefined);
    await running.worker.close();
    await running.connection.quit();
  }

  /** Stops the worker and closes the queue; the service cannot be used afterwards. */
  async close(): Promise<void> {
    await this.stop();
    await this.queue.close();
  }

  /** Closes the queue and the Redis connection when NestJS shuts the application down; later calls do nothing. */
  async onApplicationShutdown(): Promise<void> {
    if (this.shutDown) return;
    this.shutDown = true;
    await this.close();
    await this.connection.quit();
  }

  /** Resolves once the worker is connected and waiting for jobs; tests and benchmarks call it after start. */
  async waitUntilReady(): Promise<void> {
    await this.worker?.worker.waitUntilReady();
  }

  /** Counts the queue's jobs by state, for tests, benchmarks and the operations view. */
  async jobCounts(): Promise<Record<'delayed' | 'waiting' | 'active' | 'prioritized' | 'completed' | 'failed', number>> {
    const counts = await this.queue.getJobCounts('delayed', 'waiting', 'active', 'prioritized', 'completed', 'failed');
    return { delayed: counts.delayed ?? 0, waiting: counts.waiting ?? 0, active: counts.active ?? 0, prioritized: counts.prioritized ?? 0, completed: counts.completed ?? 0, failed: counts.failed ?? 0 };
  }

  async listDead(limit: number): Promise<DeadTimer[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.map((job) => ({
      timerId: job.data.timerId,
      kind: job.name,
      dueAt: job.data.dueAt,
      payload: job.data.payload,
      attempts: job.attemptsMade,
      failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
      errorName: errorNameOf(job.stacktrace.at(-1)),
    }));
  }

  // BullMQ's own retry of a failed job keeps its attempt count, which would dead-letter it again
  // on the first failure, so the timer is scheduled afresh under the same id instead.
  // NOTE: a process that stops between the removal and the add loses the timer; the admin sees
  // it gone from the list without having fired, and the event that scheduled it is still stored.
  async retryDead(timerId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobIdOf(timerId));
    if (!job || !(await job.isFailed())) return false;

    await job.remove();
    await this.queue.add(job.name, job.data, {
      jobId: jobIdOf(timerId),
      attempts: this.maxAttempts,
      backoff: { type: 'exponential', delay: this.firstRetryDelayMs },
      removeOnComplete: { age: FINISHED_RETENTION_SECONDS },
      removeOnFail: false,
    });
    this.logger.info({ timerId, kind: job.name }, 'dead timer scheduled again by an operator');
    return true;
  }

  private async deliver(job: Job<TimerJobData>, token: string | undefined): Promise<void> {
    const handler = this.handlers.get(job.data.kind);
    if (!handler) {
      // Another process may handle this kind; this one puts the job back without using an attempt.
      this.logger.warn({ timerId: job.data.timerId, kind: job.data.kind }, 'timer kind has no handler in this process; delivering it later');
      await job.moveToDelayed(Date.now() + UNHANDLED_KIND_DELAY_MS, token);
      throw new DelayedError();
    }

    await handler({
      ...job.data,
      // attemptsStarted counts this delivery too, including one after a stalled worker.
      attempt: Math.max(1, job.attemptsStarted),
      firedAt: this.clock().toISOString(),
    });
  }

  private logFailure(job: Job<TimerJobData> | undefined, error: Error): void {
    if (!job) return;
    const fields = { timerId: job.data.timerId, kind: job.name, attempt: job.attemptsMade, err: { name: error.name } };
    if (job.attemptsMade >= this.maxAttempts) {
      this.logger.error(fields, 'timer handler failed on its last attempt; timer dead-lettered');
    } else {
      this.logger.warn(fields, 'timer handler failed; BullMQ retries it after a back-off');
    }
  }

  private cancelledKey(timerId: string): string {
    return `${this.prefix}:${TIMER_QUEUE}:cancelled:${timerId}`;
  }
}

/**
 * Returns the BullMQ job id of a timer: the timer id itself, unless it contains ":" or "%" or is an
 * integer, which BullMQ rejects as custom ids. Those are escaped ("%" as %25, ":" as %3A) or
 * prefixed with %N, so two timer ids never share a job id.
 */
export function jobIdOf(timerId: string): string {
  if (/^-?\d+$/.test(timerId)) return `%N${timerId}`;
  return timerId.replace(/%/g, '%25').replace(/:/g, '%3A');
}

// BullMQ keeps the stack of each failure; its first line is "Name: message". Only the name is
// returned because a message may quote a value, and the dead-letter view carries ids and codes only.
function errorNameOf(stack: string | undefined): string {
  const firstLine = stack?.split('\n', 1)[0] ?? '';
  const name = /^([A-Za-z_$][\w$]*)(:|$)/.exec(firstLine)?.[1];
  return name ?? 'Error';
}
