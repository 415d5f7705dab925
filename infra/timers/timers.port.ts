// The jobs-and-timers port: a timer is a message for a handler, delivered at or after its due
// time. Two adapters are planned: the embedded one (a table in the store's database, polled) and
// BullMQ on Redis, where a timer is a delayed job whose jobId is the timer id and whose name is
// the kind. The port is shaped so the BullMQ adapter maps one to one:
//
//   schedule  → queue.add(kind, payload, { jobId: timerId, delay })   (a duplicate jobId is ignored)
//   cancel    → job.remove()
//   handle    → a Worker that routes jobs by name
//
// Delivery is at least once: a process that stops between running a handler and recording that
// it ran delivers the timer again after the lease runs out. Handlers must therefore be idempotent.

/** A timer to deliver later. `timerId` is the idempotency key: scheduling an existing id changes nothing. */
export interface TimerRequest {
  timerId: string;
  /** Routes the timer to its handler, such as 'backfill-offer-deadline'. */
  kind: string;
  /** ISO 8601 instant at or after which the timer fires. */
  dueAt: string;
  /** Ids and codes only: payloads are stored in plain text, so they must not contain PHI. */
  payload: Record<string, unknown>;
}

export interface FiredTimer extends TimerRequest {
  /** 1 on the first delivery, higher on a redelivery after a failure or a crash. */
  attempt: number;
  /** The instant the poller delivered the timer. */
  firedAt: string;
}

export type TimerHandler = (timer: FiredTimer) => Promise<void>;

export interface TimerService {
  /** Stores the timer unless one with the same id exists; returns true when it was new. */
  schedule(timer: TimerRequest): Promise<boolean>;
  /** Cancels a timer that has not fired; returns true when it was pending. A delivery already running finishes. */
  cancel(timerId: string): Promise<boolean>;
  /** Registers the handler of one kind; timers of kinds without a handler wait. */
  handle(kind: string, handler: TimerHandler): void;
  /** Starts delivering due timers in the background. */
  start(): void;
  /** Stops delivering; resolves when no handler is running. */
  stop(): Promise<void>;
}

/** The current time. Injected so tests move time forward instead of sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Injection token of the configured TimerService. */
export const TIMER_SERVICE = Symbol('TimerService');
