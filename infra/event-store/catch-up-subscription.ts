import type { EventEmitter } from 'node:events';

import type { EventStore, ReadAllOptions, SubscribeOptions, SubscriptionHandle, TypedPage } from './event-store.port';

/** The reads a subscription needs; readAllOfTypes lets the SQL stores skip other types in the database. */
export type SubscriptionSource = Pick<EventStore, 'readAll'> & {
  readAllOfTypes?(options: ReadAllOptions, eventTypes: ReadonlySet<string>): Promise<TypedPage>;
};

interface PositionWaiter {
  position: bigint;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Reads the store in global order from a position, hands each batch to the handler, and when
 * it has caught up waits for the next append: a wake-up from this process's appends, or the
 * poll interval for appends made by other processes. Reading only below the store's safe
 * horizon is what keeps it free of gaps; this loop only has to never skip a batch.
 */
export class CatchUpSubscription implements SubscriptionHandle {
  private position: bigint;
  private stopped = false;
  private readonly done: Promise<void>;
  private wake: (() => void) | undefined;
  // Set by an append that lands while a batch is being read, so the loop reads again at once
  // instead of sleeping through it.
  private appendedMeanwhile = false;
  private readonly waiters: PositionWaiter[] = [];
  private readonly lingerMs: number;
  // Every PHI read appends an access entry. Waking each projection for those would make every
  // read cost a dozen reads and transactions, so a subscription that names its types sleeps
  // through appends of other types.
  private readonly onAppended = (types?: readonly string[]) => {
    const named = this.options.eventTypes;
    if (named && types && !types.some((type) => named.has(type))) return;
    this.appendedMeanwhile = true;
    this.wake?.();
  };

  constructor(
    private readonly store: SubscriptionSource,
    private readonly appended: EventEmitter,
    private readonly pollIntervalMs: number,
    private readonly options: SubscribeOptions,
    lingerMs = 0,
  ) {
    this.lingerMs = options.lingerMs ?? lingerMs;
    this.position = options.after;
    this.appended.on('appended', this.onAppended);
    this.done = this.run();
  }

  get lastPosition(): bigint {
    return this.position;
  }

  waitFor(position: bigint, timeoutMs = 5_000): Promise<void> {
    if (this.position >= position) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.removeWaiter(waiter);
        reject(new Error(`subscription did not reach position ${position} within ${timeoutMs} ms (at ${this.position})`));
      }, timeoutMs);
      const waiter: PositionWaiter = { position, resolve, reject, timer };
      this.waiters.push(waiter);
      // Someone waits to read their own write, so a linger in progress ends now.
      this.wake?.();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.appended.off('appended', this.onAppended);
    this.wake?.();
    await this.done;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('subscription stopped'));
    }
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;

    while (!this.stopped) {
      let batchLength = 0;
      this.appendedMeanwhile = false;
      try {
        batchLength = await this.readBatch(batchSize);
      } catch (error) {
        this.options.onError?.(error);
        this.stopped = true;
        break;
      }

      if (batchLength < batchSize) {
        await this.idle();
      }
    }
  }

  // Hands the next batch to the handler and returns how many events the read passed over. A
  // subscription that names its types gets only those; its position still moves past the rest.
  private async readBatch(batchSize: number): Promise<number> {
    const eventTypes = this.options.eventTypes;
    if (eventTypes && this.store.readAllOfTypes) {
      const page = await this.store.readAllOfTypes({ after: this.position, maxCount: batchSize }, eventTypes);
      if (this.stopped) return page.scanned;
      if (page.events.length > 0) await this.options.handler(page.events);
      if (page.through > this.position) {
        this.position = page.through;
        this.releaseWaiters();
      }
      return page.scanned;
    }

    const events = await this.store.readAll({ after: this.position, maxCount: batchSize });
    if (events.length > 0 && !this.stopped) {
      await this.options.handler(events);
      this.position = events[events.length - 1]!.globalPosition;
      this.releaseWaiters();
    }
    return events.length;
  }

  private idle(): Promise<void> {
    // stop() may have run between the read and this wait, when there was no wake to call yet.
    if (this.stopped) {
      return Promise.resolve();
    }
    // Under steady appends something always lands during the read. A lingering subscription
    // still waits its linger then, or it would read once per batch and the linger would save
    // nothing.
    if (this.appendedMeanwhile) {
      return this.lingerMs > 0 ? this.sleep(this.lingerMs, 'ignore') : Promise.resolve();
    }
    return this.sleep(this.pollIntervalMs, this.lingerMs > 0 ? 'linger' : 'end');
  }

  // Waits up to `ms`. An append then ends the wait ('end'), ends it after the linger ('linger'),
  // or changes nothing ('ignore'). stop(), and a wake while someone waits for a position, always
  // end it.
  private sleep(ms: number, onAppend: 'end' | 'linger' | 'ignore'): Promise<void> {
    return new Promise((resolve) => {
      let timer = setTimeout(finish, ms);
      const subscription = this;
      function finish() {
        clearTimeout(timer);
        subscription.wake = undefined;
        resolve();
      }
      this.wake = () => {
        if (this.stopped || onAppend === 'end' || this.waiters.length > 0) {
          finish();
        } else if (onAppend === 'linger') {
          clearTimeout(timer);
          timer = setTimeout(finish, this.lingerMs);
          onAppend = 'ignore';
        }
      };
    });
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.position >= waiter.position) {
        clearTimeout(waiter.timer);
        this.removeWaiter(waiter);
        waiter.resolve();
      }
    }
  }

  private removeWaiter(waiter: PositionWaiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) {
      this.waiters.splice(index, 1);
    }
  }
}
