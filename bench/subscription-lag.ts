import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { SqlEventStore } from '../infra/event-store/sql/sql-event-store';
import { PostgresClient } from '../infra/sql/postgres-client';
import { createDatabase, requireDatabaseUrl, round, summarize } from './support';

// Subscription lag from commit to handler on PostgreSQL at 1,000 events per second. The producer
// appends one event every millisecond (in ticks of 10 every 10 ms) and notes each commit time;
// the lag is the handler's clock minus that commit time. Two subscribers are measured: one in the
// producer's process (woken by the append) and one in a second process (woken by its head watch).
//
//   DATABASE_URL=postgres://ohip:ohip@127.0.0.1:5432/ohip node dist/bench/subscription-lag.js
//   BENCH_SECONDS (default 20) sets the duration.

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const eventsPerTick = 10;
const tickMs = 10;

async function main(): Promise<void> {
  if (process.argv[2] === 'subscriber') {
    return runSubscriber(process.argv[3]!);
  }

  const database = await createDatabase(requireDatabaseUrl(), 'lag');
  const sql = new PostgresClient({ connectionString: database.url, max: 20 });
  const store = await SqlEventStore.create(sql);

  const committedAt = new Map<string, number>();
  const localLags: number[] = [];
  const local = store.subscribeToAll({
    after: 0n,
    handler: async (events) => {
      const now = performance.timeOrigin + performance.now();
      for (const event of events) {
        const committed = committedAt.get(event.eventId);
        if (committed !== undefined) localLags.push(now - committed);
      }
    },
  });

  const child = fork(__filename, ['subscriber', database.url], { stdio: 'inherit' });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));

  const deadline = Date.now() + seconds * 1000;
  let appended = 0;
  const pending: Promise<void>[] = [];
  while (Date.now() < deadline) {
    const tickStarted = Date.now();
    for (let index = 0; index < eventsPerTick; index++) {
      const eventId = randomUUID();
      pending.push(
        store
          .appendToStream(`lag-${appended % 50}`, [{ eventId, type: 'ObservationRecorded', schemaVersion: 1, data: { sequence: appended }, correlationId: eventId, causationId: null, actor: { id: 'bench', role: 'system' } }], 'any')
          .then(() => {
            const at = performance.timeOrigin + performance.now();
            committedAt.set(eventId, at);
            child.send({ eventId, at });
          }),
      );
      appended++;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, tickMs - (Date.now() - tickStarted))));
  }
  await Promise.all(pending);
  const last = await store.headPosition();
  await local.waitFor(last, 10_000);
  await local.stop();

  child.send({ done: last.toString() });
  const remote = await new Promise<number[]>((resolve) => child.once('message', (message) => resolve(message as number[])));

  const rate = appended / seconds;
  const report = (name: string, lags: number[]) => {
    const summary = summarize(lags);
    process.stdout.write(`${name}: ${summary.count} events, p50 ${round(summary.p50)} ms, p95 ${round(summary.p95)} ms, p99 ${round(summary.p99)} ms, max ${round(summary.max)} ms\n`);
  };
  process.stdout.write(`appended ${appended} events at ${Math.round(rate)} events/s\n`);
  report('same-process subscriber', localLags);
  report('second-process subscriber (woken by its head watch, every 10 ms)', remote);

  await sql.close();
  await database.drop();
}

// The second process: subscribes from position 0 and reports each event's lag against the commit
// time the producer sends it.
async function runSubscriber(url: string): Promise<void> {
  const sql = new PostgresClient({ connectionString: url, max: 4 });
  const store = new SqlEventStore(sql);
  const committedAt = new Map<string, number>();
  const handledAt = new Map<string, number>();

  process.on('message', (message: { eventId?: string; at?: number; done?: string }) => {
    if (message.eventId) committedAt.set(message.eventId, message.at!);
    if (message.done) {
      void subscription.waitFor(BigInt(message.done), 10_000).then(async () => {
        await subscription.stop();
        const lags = [...handledAt].flatMap(([id, at]) => (committedAt.has(id) ? [at - committedAt.get(id)!] : []));
        process.send!(lags, undefined, undefined, () => process.exit(0));
      });
    }
  });

  const subscription = store.subscribeToAll({
    after: 0n,
    handler: async (events) => {
      const now = performance.timeOrigin + performance.now();
      for (const event of events) handledAt.set(event.eventId, now);
    },
  });
  process.send!('ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
