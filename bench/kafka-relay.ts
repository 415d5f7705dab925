import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';

import { SqlEventStore } from '../infra/event-store/sql/sql-event-store';
import { allTopicNames, type KafkaConnection } from '../infra/kafka/kafka-client';
import { KafkaRelay } from '../infra/kafka/kafka-relay';
import { appendInChunks, relayTestEvents } from '../infra/kafka/relay-test-events';
import { PostgresClient } from '../infra/sql/postgres-client';
import { createDatabase, requireDatabaseUrl, round, summarize } from './support';

// The Kafka relay on PostgreSQL, in two runs on fresh databases and topics:
//  1. throughput: BENCH_EVENTS events are stored first, then the relay publishes them all from
//     position 0; the rate is events published (broker-acknowledged, checkpoint saved) per second.
//  2. end-to-end lag: events are appended at BENCH_RATE per second for BENCH_SECONDS while the
//     relay runs. The lag is a kafkajs consumer's clock on receipt minus the append's commit time.
//
//   scripts/kafka.sh start
//   DATABASE_URL=postgres://ohip:ohip@127.0.0.1:5432/ohip KAFKA_BROKERS=127.0.0.1:9092 node dist/bench/kafka-relay.js

const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const rate = Number(process.env.BENCH_RATE ?? 1_000);
const partitions = 3;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

function connection(brokers: string[], label: string): KafkaConnection {
  return { brokers, clientId: `bench-${label}`, topicPrefix: `bench-${label}-${randomBytes(4).toString('hex')}.` };
}

async function withStore<T>(label: string, work: (store: SqlEventStore, sql: PostgresClient) => Promise<T>): Promise<T> {
  const database = await createDatabase(requireDatabaseUrl(), label);
  const sql = new PostgresClient({ connectionString: database.url, max: 20 });
  const store = await SqlEventStore.create(sql);
  try {
    return await work(store, sql);
  } finally {
    await store.close();
    await sql.close();
    await database.drop();
  }
}

async function measureThroughput(brokers: string[]): Promise<void> {
  await withStore('kafka_throughput', async (store, sql) => {
    const appendStarted = performance.now();
    await appendInChunks(store, relayTestEvents(events, { streams: 64 }), 5_000);
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    const head = await store.headPosition();

    const topics = connection(brokers, 'throughput');
    const brokerCpuBefore = brokerCpuSeconds();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const relay = await KafkaRelay.start(store, sql, { ...topics, partitions, logger });
    await relay.waitFor(head, 600_000);
    const relaySeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const relayCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const brokerCpu = brokerCpuSeconds() - brokerCpuBefore;
    await relay.stop();
    await deleteTopics(topics);

    process.stdout.write(`stored ${events} events in ${round(appendSeconds)} s (${Math.round(events / appendSeconds)} events/s)\n`);
    process.stdout.write(
      `relay published ${relay.publishedCount} events in ${round(relaySeconds)} s: ${Math.round(relay.publishedCount / relaySeconds)} events/s\n`,
    );
    // CPU time shows the cost per event apart from how busy the machine was during the run.
    process.stdout.write(
      `CPU: relay process ${round(relayCpuSeconds)} s (${Math.round(relay.publishedCount / relayCpuSeconds)} events per CPU second), ` +
        `broker ${Number.isNaN(brokerCpu) ? 'not readable' : `${round(brokerCpu)} s`}, load average ${loadavg().map((load) => round(load)).join(' ')}\n`,
    );
  });
}

async function measureLag(brokers: string[]): Promise<void> {
  await withStore('kafka_lag', async (store, sql) => {
    const topics = connection(brokers, 'lag');
    const relay = await KafkaRelay.start(store, sql, { ...topics, partitions, logger });
    await relay.waitFor(0n);

    const committedAt = new Map<string, number>();
    const lags: number[] = [];
    const consumer = new Kafka({ clientId: 'bench-lag-reader', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `${topics.topicPrefix}reader`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: allTopicNames(topics), fromBeginning: true });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = performance.timeOrigin + performance.now();
        for (const message of batch.messages) {
          const committed = committedAt.get(message.headers!.eventId!.toString());
          if (committed !== undefined) lags.push(now - committed);
        }
      },
    });
    while (!joined) await new Promise((resolve) => setTimeout(resolve, 50));

    const appends = relayTestEvents(rate * seconds, { streams: 64 });
    const perTick = Math.max(1, Math.round(rate / 100));
    const pending: Promise<void>[] = [];
    for (let index = 0; index < appends.length; index += perTick) {
      const tickStarted = Date.now();
      for (const { streamId, events: batch } of appends.slice(index, index + perTick)) {
        pending.push(
          store.appendToStream(streamId, batch, 'any').then(() => {
            committedAt.set(batch[0]!.eventId, performance.timeOrigin + performance.now());
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10 - (Date.now() - tickStarted))));
    }
    await Promise.all(pending);
    await relay.waitFor(await store.headPosition(), 60_000);
    const deadline = Date.now() + 30_000;
    while (lags.length < appends.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    await consumer.disconnect();
    await relay.stop();
    await deleteTopics(topics);

    const summary = summarize(lags);
    process.stdout.write(
      `end-to-end lag at ${rate} events/s for ${seconds} s: ${summary.count} of ${appends.length} events, ` +
        `p50 ${round(summary.p50)} ms, p95 ${round(summary.p95)} ms, p99 ${round(summary.p99)} ms, max ${round(summary.max)} ms\n`,
    );
  });
}

/** User and system CPU seconds of the broker that scripts/kafka.sh started, or NaN when its pid is not readable. */
function brokerCpuSeconds(): number {
  try {
    const servicesDirectory = process.env.OHIP_SERVICES_DIR ?? '/var/lib/ohip-forward';
    const pid = readFileSync(path.join(servicesDirectory, 'kafka', 'kafka.pid'), 'utf8').trim();
    // Fields 14 and 15 of /proc/<pid>/stat are utime and stime in clock ticks (100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function deleteTopics(topics: KafkaConnection): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers: topics.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: allTopicNames(topics) });
  await admin.disconnect();
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter((broker) => broker !== '');
  if (brokers.length === 0) {
    process.stderr.write('KAFKA_BROKERS is not set; run scripts/kafka.sh start and export KAFKA_BROKERS=127.0.0.1:9092\n');
    process.exit(2);
  }
  await measureThroughput(brokers);
  await measureLag(brokers);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
