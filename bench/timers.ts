// Durable timers on BullMQ: 100,000 timers due over about 60 s, with the worker stopped and a new
// one started halfway. Reports how many fired, how many fired more than once, and how late each
// fired after its due time (every one should fire within 1 s).
//
// Run: bash scripts/services.sh && npm run build &&
//      REDIS_URL=redis://127.0.0.1:6379 node dist/bench/timers.js [timers] [spreadSeconds] [concurrency] [leadSeconds]
//
// The keys live under a prefix of their own and are deleted at the end.

import { randomBytes } from 'node:crypto';

import pino from 'pino';

import { deleteKeysUnder, openQueueConnection } from '../infra/cache/redis-connection';
import { BullmqTimerService } from '../infra/timers/bullmq/bullmq-timer-service';
import { waitUntil } from '../infra/timers/bullmq/wait-until';
import type { FiredTimer } from '../infra/timers/timers.port';
import { round, summarize } from './support';

const TIMERS = Number(process.argv[2] ?? 100_000);
const SPREAD_MS = Number(process.argv[3] ?? 60) * 1000;
const CONCURRENCY = Number(process.argv[4] ?? 100);
// Scheduling 100,000 timers one schedule() call at a time took 32 s in one run on the shared
// two-core machine, so the first timer falls due after this lead. The report counts any timer
// stored after its due time, because its lateness would measure the scheduling, not the timers.
const LEAD_MS = Number(process.argv[5] ?? 150) * 1000;
const SCHEDULERS = 100;
const ON_TIME_MS = 1_000;
const KIND = 'bench';

const logger = pino({ level: 'warn' });

async function main(): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) {
    process.stderr.write('REDIS_URL is not set; run scripts/services.sh and export REDIS_URL=redis://127.0.0.1:6379\n');
    process.exit(2);
  }
  const prefix = `bench-timers-${randomBytes(4).toString('hex')}`;
  const connection = openQueueConnection(url);
  const scheduler = new BullmqTimerService(connection, logger, { prefix });

  const deliveries = new Map<string, number[]>();
  const record = async (timer: FiredTimer) => {
    const firedAt = Date.now();
    const seen = deliveries.get(timer.timerId);
    if (seen) seen.push(firedAt);
    else deliveries.set(timer.timerId, [firedAt]);
  };
  const openWorker = () => {
    const worker = new BullmqTimerService(connection, logger, { prefix, concurrency: CONCURRENCY });
    worker.handle(KIND, record);
    worker.start();
    return worker;
  };

  const base = Date.now() + LEAD_MS;
  const dueAt = Array.from({ length: TIMERS }, (_, index) => base + Math.floor((index * SPREAD_MS) / TIMERS));

  let worker = openWorker();
  await worker.waitUntilReady();

  const scheduling = await scheduleAll(scheduler, dueAt);
  process.stdout.write(`scheduled ${TIMERS} in ${round(scheduling.seconds)} s (${Math.round(TIMERS / scheduling.seconds)}/s); ${scheduling.late} stored after their due time\n`);

  await sleepUntil(base + SPREAD_MS / 2);
  const restartStarted = Date.now();
  await worker.stop();
  worker = openWorker();
  await worker.waitUntilReady();
  const restartMs = Date.now() - restartStarted;
  process.stdout.write(`worker restarted at ${round((restartStarted - base) / 1000)} s into the spread, in ${restartMs} ms\n`);

  await waitUntil(async () => deliveries.size >= TIMERS, SPREAD_MS + 120_000).catch(() => undefined);
  // Duplicates would arrive after the first delivery; a drained queue cannot deliver any more.
  await waitUntil(async () => {
    const counts = await worker.jobCounts();
    return counts.delayed + counts.waiting + counts.active === 0;
  }, 60_000).catch(() => undefined);

  report(dueAt, deliveries, restartMs, scheduling);

  await worker.close();
  await scheduler.close();
  await deleteKeysUnder(connection, prefix);
  await connection.quit();
}

async function scheduleAll(scheduler: BullmqTimerService, dueAt: number[]): Promise<{ seconds: number; late: number }> {
  const started = process.hrtime.bigint();
  let next = 0;
  let late = 0;
  const schedulers = Array.from({ length: SCHEDULERS }, async () => {
    while (next < dueAt.length) {
      const index = next++;
      await scheduler.schedule({ timerId: `timer-${index}`, kind: KIND, dueAt: new Date(dueAt[index]!).toISOString(), payload: { index } });
      if (Date.now() > dueAt[index]!) late += 1;
    }
  });
  await Promise.all(schedulers);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, late };
}

function report(dueAt: number[], deliveries: Map<string, number[]>, restartMs: number, scheduling: { seconds: number; late: number }): void {
  const lateness: number[] = [];
  let duplicated = 0;
  for (const [timerId, firedAt] of deliveries) {
    const index = Number(timerId.slice('timer-'.length));
    lateness.push(firedAt[0]! - dueAt[index]!);
    if (firedAt.length > 1) duplicated += 1;
  }
  const early = lateness.filter((ms) => ms < 0).length;
  const overOnTime = lateness.filter((ms) => ms > ON_TIME_MS).length;
  const summary = summarize(lateness);

  process.stdout.write(
    `${JSON.stringify(
      {
        timers: dueAt.length,
        spreadSeconds: SPREAD_MS / 1000,
        concurrency: CONCURRENCY,
        schedulingPerSecond: Math.round(dueAt.length / scheduling.seconds),
        storedAfterDue: scheduling.late,
        fired: deliveries.size,
        firedMoreThanOnce: duplicated,
        firedEarly: early,
        restartMs,
        latenessMs: { p50: summary.p50, p95: summary.p95, p99: summary.p99, max: summary.max },
        firedLaterThan1s: overOnTime,
      },
      null,
      2,
    )}\n`,
  );
}

async function sleepUntil(time: number): Promise<void> {
  const wait = time - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

main().catch((error: unknown) => {
  process.stderr.write(`timers benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
