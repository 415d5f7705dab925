import fc from 'fast-check';
import pino from 'pino';

import { describeWithPostgres, openPGliteForTests, openPostgresForTests } from '../../test/support/databases';
import type { SqlClient } from '../sql/sql-client';
import { SqlTimerService } from './sql-timer-service';
import type { FiredTimer } from './timers.port';

// The contract every timer adapter keeps, run here against each database the embedded adapter
// supports (the BullMQ adapter will run the same cases). A scheduled timer reaches its handler
// once it is due, exactly once when nothing fails, also across a restart of the poller. A
// cancelled timer never reaches it, and a failing handler gets the timer again later.

const silent = pino({ level: 'silent' });
const BASE = Date.parse('2030-01-07T12:00:00Z');
const minutes = (count: number) => new Date(BASE + count * 60_000);

interface ManualClock {
  now: Date;
  read: () => Date;
}

function manualClock(): ManualClock {
  const clock: ManualClock = { now: minutes(0), read: () => clock.now };
  return clock;
}

function timerServiceContract(name: string, openSql: () => Promise<{ sql: SqlClient; dispose(): Promise<void> }>): void {
  describe(`timer service contract on ${name}`, () => {
    let sql: SqlClient;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ sql, dispose } = await openSql());
    });
    afterAll(() => dispose());

    it('fires each timer once and never a cancelled one, across a poller restart', async () => {
      const plan = fc.array(
        fc.record({ dueMinute: fc.integer({ min: 0, max: 120 }), cancelled: fc.boolean() }),
        { minLength: 1, maxLength: 12 },
      );
      let run = 0;

      await fc.assert(
        fc.asyncProperty(plan, fc.integer({ min: 0, max: 120 }), async (timers, restartMinute) => {
          run += 1;
          const prefix = `contract-${run}`;
          const clock = manualClock();
          const fired: FiredTimer[] = [];
          const record = async (timer: FiredTimer) => {
            fired.push(timer);
          };

          const first = await SqlTimerService.open(sql, silent, { clock: clock.read });
          first.handle(`${prefix}-kind`, record);
          for (const [index, timer] of timers.entries()) {
            await first.schedule({ timerId: `${prefix}-${index}`, kind: `${prefix}-kind`, dueAt: minutes(timer.dueMinute).toISOString(), payload: { index } });
          }
          for (const [index, timer] of timers.entries()) {
            if (timer.cancelled) await first.cancel(`${prefix}-${index}`);
          }
          clock.now = minutes(restartMinute);
          await first.fireDue();
          await first.stop();

          const second = await SqlTimerService.open(sql, silent, { clock: clock.read });
          second.handle(`${prefix}-kind`, record);
          clock.now = minutes(200);
          await second.fireDue();
          await second.fireDue();

          const expected = timers.flatMap((timer, index) => (timer.cancelled ? [] : [`${prefix}-${index}`])).sort();
          expect(fired.map((timer) => timer.timerId).sort()).toEqual(expected);
        }),
        { numRuns: 25 },
      );
    });

    it('fires nothing before its due time', async () => {
      const clock = manualClock();
      const fired: string[] = [];
      const service = await SqlTimerService.open(sql, silent, { clock: clock.read });
      service.handle('not-yet', async (timer) => {
        fired.push(timer.timerId);
      });

      await service.schedule({ timerId: 'not-yet-1', kind: 'not-yet', dueAt: minutes(30).toISOString(), payload: {} });
      clock.now = minutes(29);
      await service.fireDue();
      expect(fired).toEqual([]);

      clock.now = minutes(30);
      await service.fireDue();
      expect(fired).toEqual(['not-yet-1']);
    });

    it('keeps the first schedule of a repeated timer id', async () => {
      const clock = manualClock();
      const fired: FiredTimer[] = [];
      const service = await SqlTimerService.open(sql, silent, { clock: clock.read });
      service.handle('repeat', async (timer) => {
        fired.push(timer);
      });

      expect(await service.schedule({ timerId: 'repeat-1', kind: 'repeat', dueAt: minutes(5).toISOString(), payload: { try: 1 } })).toBe(true);
      expect(await service.schedule({ timerId: 'repeat-1', kind: 'repeat', dueAt: minutes(1).toISOString(), payload: { try: 2 } })).toBe(false);
      clock.now = minutes(10);
      await service.fireDue();

      expect(fired).toHaveLength(1);
      expect(fired[0]!.payload).toEqual({ try: 1 });
      expect(fired[0]!.dueAt).toBe(minutes(5).toISOString());
    });

    it('delivers again after a handler failure, then marks the timer dead', async () => {
      const clock = manualClock();
      const attempts: number[] = [];
      const service = await SqlTimerService.open(sql, silent, { clock: clock.read, maxAttempts: 3 });
      service.handle('flaky', async (timer) => {
        attempts.push(timer.attempt);
        throw new Error('partner unavailable');
      });

      await service.schedule({ timerId: 'flaky-1', kind: 'flaky', dueAt: minutes(0).toISOString(), payload: {} });
      for (let minute = 0; minute <= 10; minute++) {
        clock.now = minutes(minute);
        await service.fireDue();
      }

      expect(attempts).toEqual([1, 2, 3]);
      const { rows } = await sql.query<{ status: string; last_error: string }>(`select status, last_error from scheduled_timers where timer_id = 'flaky-1'`);
      expect(rows[0]).toEqual({ status: 'dead', last_error: 'Error: partner unavailable' });
    });

    it('delivers again when a poller stopped mid-delivery and its lease ran out', async () => {
      const clock = manualClock();
      const crashed = await SqlTimerService.open(sql, silent, { clock: clock.read, leaseMs: 60_000 });
      await crashed.schedule({ timerId: 'lease-1', kind: 'lease', dueAt: minutes(0).toISOString(), payload: {} });
      // A process that claimed the timer and then died: the lease is taken, the row is not fired.
      await sql.query(`update scheduled_timers set attempts = 1, lease_until = $1 where timer_id = 'lease-1'`, [minutes(1).toISOString()]);

      const fired: FiredTimer[] = [];
      const restarted = await SqlTimerService.open(sql, silent, { clock: clock.read });
      restarted.handle('lease', async (timer) => {
        fired.push(timer);
      });
      await restarted.fireDue();
      expect(fired).toEqual([]);

      clock.now = minutes(1);
      await restarted.fireDue();
      expect(fired.map((timer) => timer.attempt)).toEqual([2]);
    });

    it('fires due timers from the background poller', async () => {
      const clock = manualClock();
      const service = await SqlTimerService.open(sql, silent, { clock: clock.read, pollIntervalMs: 10 });
      const fired = new Promise<string>((resolve) => {
        service.handle('background', async (timer) => resolve(timer.timerId));
      });

      await service.schedule({ timerId: 'background-1', kind: 'background', dueAt: minutes(0).toISOString(), payload: {} });
      service.start();
      await expect(fired).resolves.toBe('background-1');
      await service.stop();
    });
  });
}

timerServiceContract('PGlite', openPGliteForTests);

describeWithPostgres('PostgreSQL', (url) => {
  timerServiceContract('PostgreSQL', () => openPostgresForTests(url));
});
