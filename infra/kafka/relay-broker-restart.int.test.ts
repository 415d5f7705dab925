import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import pino from 'pino';

import { describeWithPostgres, openPostgresForTests, type TestSql } from '../../test/support/databases';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { AnalyticsConsumer } from './analytics/analytics-consumer';
import { KafkaRelay } from './kafka-relay';
import { assertKafkaReachable, deleteTopics, describeWithKafka, isolatedConnection, lockBroker, waitUntil } from './kafka-test-support';
import { appendInChunks, relayTestEvents } from './relay-test-events';

// 100,000 events through the relay to the analytics consumer while the broker restarts in the
// middle: every event id must arrive and none may be applied twice. This suite restarts the
// broker that scripts/kafka.sh runs, so it needs that script's broker, not any KAFKA_BROKERS.

const EVENTS = 100_000;
/** The restart starts once this many events are published, so it lands mid-stream. */
const RESTART_AFTER_PUBLISHED = 30_000;
const APPEND_CHUNK = 2_000;

const run = promisify(execFile);
const kafkaScript = path.resolve(__dirname, '../../scripts/kafka.sh');
const silent = pino({ level: 'silent' });

describeWithPostgres('Kafka relay through a broker restart', (serverUrl) => {
  describeWithKafka('on the broker of scripts/kafka.sh', (brokers) => {
    const connection = isolatedConnection(brokers, 'restart');
    let database: TestSql;
    let releaseBroker: (() => Promise<void>) | undefined;
    let store: SqlEventStore;

    // The lock may wait for the broker-restart suite, which takes about two minutes.
    beforeAll(async () => {
      releaseBroker = await lockBroker();
      await assertKafkaReachable(brokers);
      database = await openPostgresForTests(serverUrl, 30);
      store = await SqlEventStore.create(database.sql);
    }, 360_000);

    afterAll(async () => {
      try {
        await deleteTopics(connection);
        await store.close();
        await database.dispose();
      } finally {
        await releaseBroker?.();
      }
    });

    it('delivers 100,000 events once each', async () => {
      const relay = await KafkaRelay.start(store, database.sql, { ...connection, partitions: 3, logger: silent });
      await relay.waitFor(0n);
      const consumer = await AnalyticsConsumer.start(database.sql, { ...connection, groupId: `${connection.topicPrefix}analytics`, logger: silent });
      let restart: Promise<unknown> | undefined;

      try {
        const appends = relayTestEvents(EVENTS, { streams: 64 });
        await appendInChunks(store, appends, APPEND_CHUNK, () => {
          if (!restart && relay.publishedCount >= RESTART_AFTER_PUBLISHED) {
            restart = run('bash', [kafkaScript, 'restart'], { timeout: 120_000 });
          }
        });
        restart ??= waitUntil('the restart point', () => relay.publishedCount, (count) => count >= RESTART_AFTER_PUBLISHED, 60_000).then(() =>
          run('bash', [kafkaScript, 'restart'], { timeout: 120_000 }),
        );
        await restart;

        await relay.waitFor(await store.headPosition(), 120_000);
        const processed = await waitUntil(
          'every event id at the analytics consumer',
          async () => (await database.sql.query<{ count: number }>('select count(*)::int as count from analytics_processed_events')).rows[0]!.count,
          (count) => count >= EVENTS,
          120_000,
        );

        const { rows: missing } = await database.sql.query<{ missing: number }>(
          `select count(*)::int as missing from es_events
           where not exists (select 1 from analytics_processed_events where event_id = es_events.event_id::text)`,
        );
        const { rows: counted } = await database.sql.query<{ total: number }>(
          'select sum(events)::int as total from analytics_integration_event_counts',
        );
        process.stdout.write(
          `broker restart run: ${EVENTS} events stored, ${relay.publishedCount} messages published (re-sends included), ` +
            `${consumer.stats.received} received, ${consumer.stats.applied} applied, ${consumer.stats.duplicates} duplicates skipped\n`,
        );

        expect(processed).toBe(EVENTS);
        expect(missing[0]!.missing).toBe(0);
        expect(counted[0]!.total).toBe(EVENTS);
        expect(consumer.stats.applied).toBe(EVENTS);
      } finally {
        await restart?.catch(() => undefined);
        await consumer.stop();
        await relay.stop();
      }
    }, 180_000);
  });
});
