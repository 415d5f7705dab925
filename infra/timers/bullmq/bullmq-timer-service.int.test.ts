import { Worker } from 'bullmq';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import pino from 'pino';

import { describeWithRedis, testPrefix } from '../../../test/support/redis';
import { deleteKeysUnder, openQueueConnection } from '../../cache/redis-connection';
import type { FiredTimer } from '../timers.port';
import { BullmqTimerService, TIMER_QUEUE, type BullmqTimerOptions } from './bullmq-timer-service';
import { waitUntil } from './wait-until';

// The timer contract of the SQL adapter's suite, on BullMQ: a scheduled timer reaches its handler
// once it is due, exactly once when nothing fails, also across a worker restart; a cancelled timer
// never reaches it; a failing handler gets the timer again later and, out of attempts, lands in
// the dead letters. BullMQ runs on Redis's clock, so due times here are real and a few hundred
// milliseconds away, and the tests wait for conditions instead of moving a clock.

const silent = pino({ level: 'silent' });
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describeWithRedis('timer service contract on BullMQ', (url) => {
  let connection: Redis;
  const services: BullmqTimerService[] = [];
  const prefixes = new Set<string>();

  beforeAll(() => {
    connection = openQueueConnection(url);
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.close()));
    for (const prefix of prefixes) await deleteKeysUnder(connection, prefix);
    prefixes.clear();
  });
  afterAll(async () => {
    await connection.quit();
  });

  function openService(prefix: string, options: BullmqTimerOptions = {}): BullmqTimerService {
    const service = new BullmqTimerService(connection, silent, { prefix, ...options });
    services.push(service);
    prefixes.add(prefix);
    return service;
  }

  async function pendingJobs(service: BullmqTimerService): Promise<number> {
    const counts = await service.jobCounts();
    return counts.delayed + counts.waiting + counts.active + counts.prioritized;
  }

  it('fires each timer once and never a cancelled one, across a worker restart', async () => {
    const plan = fc.array(fc.record({ dueMs: fc.integer({ min: 0, max: 400 }), cancelled: fc.boolean() }), { minLength: 1, maxLength: 8 });

    await fc.assert(
      fc.asyncProperty(plan, fc.integer({ min: 0, max: 400 }), async (timers, restartAfterMs) => {
        const prefix = testPrefix('contract');
        const fired: FiredTimer[] = [];
        const record = async (timer: FiredTimer) => {
          fired.push(timer);
        };

        const first = openService(prefix);
        first.handle('contract', record);
        for (const [index, timer] of timers.entries()) {
          await first.schedule({ timerId: `t-${index}`, kind: 'contract', dueAt: inMs(timer.dueMs), payload: { index } });
        }
        for (const [index, timer] of timers.entries()) {
          if (timer.cancelled) await first.cancel(`t-${index}`);
        }
        first.start();
        // The restart moment is part of the generated case, not a wait for a condition.
        await new Promise((resolve) => setTimeout(resolve, restartAfterMs));
        await first.stop();

        const second = openService(prefix);
        second.handle('contract', record);
        second.start();
        await waitUntil(async () => (await pendingJobs(second)) === 0, 10_000);
        await second.stop();

        const expected = timers.flatMap((timer, index) => (timer.cancelled ? [] : [`t-${index}`])).sort();
        expect(fired.map((timer) => timer.timerId).sort()).toEqual(expected);
      }),
      { numRuns: 10 },
    );
  });

  it('fires nothing before its due time', async () => {
    const firedAt: number[] = [];
    const service = openService(testPrefix('not-yet'));
    service.handle('not-yet', async () => {
      firedAt.push(Date.now());
    });
    service.start();

    const dueAt = inMs(300);
    await service.schedule({ timerId: 'not-yet-1', kind: 'not-yet', dueAt, payload: {} });
    await waitUntil(async () => firedAt.length === 1, 5_000);

    expect(firedAt[0]).toBeGreaterThanOrEqual(Date.parse(dueAt));
  });

  it('keeps the first schedule of a repeated timer id', async () => {
    const fired: FiredTimer[] = [];
    const prefix = testPrefix('repeat');
    const service = openService(prefix);
    service.handle('repeat', async (timer) => {
      fired.push(timer);
    });

    const firstDueAt = inMs(200);
    expect(await service.schedule({ timerId: 'repeat-1', kind: 'repeat', dueAt: firstDueAt, payload: { try: 1 } })).toBe(true);
    expect(await service.schedule({ timerId: 'repeat-1', kind: 'repeat', dueAt: inMs(0), payload: { try: 2 } })).toBe(false);
    service.start();
    await waitUntil(async () => (await pendingJobs(service)) === 0, 5_000);

    expect(fired).toHaveLength(1);
    expect(fired[0]!.payload).toEqual({ try: 1 });
    expect(fired[0]!.dueAt).toBe(firstDueAt);
    expect(await service.schedule({ timerId: 'repeat-1', kind: 'repeat', dueAt: inMs(0), payload: { try: 3 } })).toBe(false);
  });

  it('keeps a cancelled timer id cancelled', async () => {
    const service = openService(testPrefix('cancel'));

    await service.schedule({ timerId: 'cancel-1', kind: 'cancel', dueAt: inMs(60_000), payload: {} });
    expect(await service.cancel('cancel-1')).toBe(true);
    expect(await service.cancel('cancel-1')).toBe(false);
    expect(await service.schedule({ timerId: 'cancel-1', kind: 'cancel', dueAt: inMs(0), payload: {} })).toBe(false);
    expect(await service.cancel('never-scheduled')).toBe(false);
  });

  it('retries a failing handler, dead-letters it, and retries it on request', async () => {
    const attempts: number[] = [];
    let failing = true;
    const service = openService(testPrefix('flaky'), { maxAttempts: 3, firstRetryDelayMs: 20 });
    service.handle('flaky', async (timer) => {
      attempts.push(timer.attempt);
      if (failing) throw new TypeError('partner unavailable');
    });
    service.start();

    await service.schedule({ timerId: 'flaky-1', kind: 'flaky', dueAt: inMs(0), payload: { offerId: 'offer-1' } });
    await waitUntil(async () => (await service.listDead(10)).length === 1, 5_000);

    expect(attempts).toEqual([1, 2, 3]);
    const [dead] = await service.listDead(10);
    expect(dead).toMatchObject({ timerId: 'flaky-1', kind: 'flaky', attempts: 3, errorName: 'TypeError', payload: { offerId: 'offer-1' } });

    failing = false;
    expect(await service.retryDead('flaky-1')).toBe(true);
    await waitUntil(async () => attempts.length === 4, 5_000);
    expect(attempts[3]).toBe(1);
    await waitUntil(async () => (await service.listDead(10)).length === 0, 5_000);
    expect(await service.retryDead('flaky-1')).toBe(false);
  });

  it('delivers again when a worker stopped mid-delivery and its lock ran out', async () => {
    const prefix = testPrefix('stalled');
    const service = openService(prefix, { lockDurationMs: 500, stalledIntervalMs: 250 });
    await service.schedule({ timerId: 'stalled-1', kind: 'stalled', dueAt: inMs(0), payload: {} });

    // A process that took the job and died: a raw worker that never finishes, closed by force so
    // it stops renewing the lock.
    let taken!: () => void;
    const wasTaken = new Promise<void>((resolve) => (taken = resolve));
    const crashedConnection = connection.duplicate({ maxRetriesPerRequest: null });
    const crashed = new Worker(TIMER_QUEUE, () => {
      taken();
      return new Promise<never>(() => undefined);
    }, { connection: crashedConnection, prefix, lockDuration: 500, skipStalledCheck: true });
    await wasTaken;
    await crashed.close(true);
    crashedConnection.disconnect();

    const fired: FiredTimer[] = [];
    service.handle('stalled', async (timer) => {
      fired.push(timer);
    });
    service.start();
    await waitUntil(async () => fired.length === 1, 10_000);

    expect(fired.map((timer) => timer.attempt)).toEqual([2]);
  });

  it('fires a timer scheduled while no worker ran, once, after a worker restart', async () => {
    const prefix = testPrefix('restart');
    const fired: string[] = [];
    const record = async (timer: FiredTimer) => {
      fired.push(timer.timerId);
    };

    const before = openService(prefix);
    before.handle('restart', record);
    before.start();
    await before.waitUntilReady();
    await before.stop();

    await before.schedule({ timerId: 'restart-1', kind: 'restart', dueAt: inMs(100), payload: {} });
    const after = openService(prefix);
    after.handle('restart', record);
    after.start();
    await waitUntil(async () => (await pendingJobs(after)) === 0, 5_000);

    expect(fired).toEqual(['restart-1']);
  });

  it('waits with a kind that has no handler in this process', async () => {
    const prefix = testPrefix('unhandled');
    const service = openService(prefix);
    service.handle('known', async () => undefined);
    service.start();

    await service.schedule({ timerId: 'unhandled-1', kind: 'unknown', dueAt: inMs(0), payload: {} });
    await waitUntil(async () => (await service.jobCounts()).delayed === 1 && (await service.jobCounts()).waiting === 0, 5_000);

    expect(await service.listDead(10)).toEqual([]);
  });

  it('accepts timer ids BullMQ rejects as job ids', async () => {
    const prefix = testPrefix('odd-ids');
    const fired: string[] = [];
    const service = openService(prefix);
    service.handle('odd', async (timer) => {
      fired.push(timer.timerId);
    });
    const ids = ['check-in:2030-01-07T12:00:00Z', '42', 'rate%3A', 'rate:'];

    for (const timerId of ids) {
      expect(await service.schedule({ timerId, kind: 'odd', dueAt: inMs(50), payload: {} })).toBe(true);
    }
    expect(await service.cancel('rate:')).toBe(true);
    expect(await service.schedule({ timerId: '42', kind: 'odd', dueAt: inMs(0), payload: {} })).toBe(false);
    service.start();
    await waitUntil(async () => (await pendingJobs(service)) === 0, 5_000);

    expect(fired.sort()).toEqual(['42', 'check-in:2030-01-07T12:00:00Z', 'rate%3A']);
  });

  it('rejects an invalid due time', async () => {
    const service = openService(testPrefix('invalid'));

    await expect(service.schedule({ timerId: 'invalid-1', kind: 'x', dueAt: 'next tuesday', payload: {} })).rejects.toThrow(
      'timer invalid-1 has an invalid dueAt "next tuesday"; send an ISO 8601 instant',
    );
  });
});
