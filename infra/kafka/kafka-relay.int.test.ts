import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';

import { describeWithPostgres, openPostgresForTests, type TestSql } from '../../test/support/databases';
import type { StoredEvent } from '../event-store/event-store.port';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { toBigInt } from '../sql/sql-client';
import type { IntegrationEvent } from './integration-events';
import { allTopicNames, type KafkaConnection } from './kafka-client';
import { KafkaRelay } from './kafka-relay';
import { assertKafkaReachable, countPublishedMessages, deleteTopics, describeWithKafka, isolatedConnection, lockBroker, waitUntil } from './kafka-test-support';
import { relayTestEvents, type StreamAppend } from './relay-test-events';

const silent = pino({ level: 'silent' });

interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string;
  eventIdHeader: string;
  event: IntegrationEvent;
}

async function appendAll(store: SqlEventStore, appends: StreamAppend[]): Promise<void> {
  for (let start = 0; start < appends.length; start += 500) {
    await Promise.all(appends.slice(start, start + 500).map(({ streamId, events }) => store.appendToStream(streamId, events, 'any')));
  }
}

/** Reads the connection's topics from the beginning until `count` distinct events have arrived. */
async function readMessages(connection: KafkaConnection, count: number): Promise<ReceivedMessage[]> {
  const kafka = new Kafka({ clientId: `${connection.clientId}-reader`, brokers: connection.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${connection.topicPrefix}reader-${Date.now()}` });
  const received: ReceivedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: allTopicNames(connection), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        received.push({
          topic,
          partition,
          offset: BigInt(message.offset),
          key: message.key!.toString(),
          eventIdHeader: message.headers!.eventId!.toString(),
          event: JSON.parse(message.value!.toString()) as IntegrationEvent,
        });
      },
    });
    // A consumer group may deliver a message twice around a rebalance, so distinct events are counted.
    const distinctEvents = () => new Set(received.map((message) => message.event.eventId)).size;
    await waitUntil('the published messages', distinctEvents, (distinct) => distinct >= count, 30_000);
    return received;
  } finally {
    await consumer.disconnect();
  }
}

describeWithPostgres('Kafka relay', (serverUrl) => {
  describeWithKafka('on a real broker', (brokers) => {
    const connection = isolatedConnection(brokers, 'relay');
    let database: TestSql;
    let releaseBroker: (() => Promise<void>) | undefined;
    let store: SqlEventStore;
    const storedById = new Map<string, StoredEvent>();

    // The lock may wait for the broker-restart suite, which takes about two minutes.
    beforeAll(async () => {
      releaseBroker = await lockBroker();
      await assertKafkaReachable(brokers);
      database = await openPostgresForTests(serverUrl);
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

    async function appendAndRemember(count: number): Promise<StoredEvent[]> {
      const before = await store.headPosition();
      await appendAll(store, relayTestEvents(count, { streams: 12, unmappedEvery: 10 }));
      const stored = await store.readAll({ after: before, maxCount: count + 1 });
      stored.forEach((event) => storedById.set(event.eventId, event));
      return stored;
    }

    /** Runs a relay until it has published everything stored; returns how many messages it sent. */
    async function runRelayToHead(): Promise<number> {
      const relay = await KafkaRelay.start(store, database.sql, { ...connection, partitions: 3, batchSize: 300, logger: silent });
      try {
        await relay.waitFor(await store.headPosition(), 30_000);
        return relay.publishedCount;
      } finally {
        await relay.stop();
      }
    }

    it('publishes mapped events in order with keys', async () => {
      const stored = await appendAndRemember(2_000);
      const mapped = stored.filter((event) => event.type !== 'PatientRegistered');

      await runRelayToHead();
      const received = await readMessages(connection, mapped.length);

      expect(new Set(received.map((message) => message.event.eventId))).toEqual(new Set(mapped.map((event) => event.eventId)));
      for (const message of received) {
        const source = storedById.get(message.event.eventId)!;
        expect(message.eventIdHeader).toBe(source.eventId);
        expect(message.key).toBe(message.event.journeyId ?? source.streamId);
        expect(message.event.globalPosition).toBe(source.globalPosition.toString());
      }

      // Within a partition, offsets follow the store's global order. A batch re-sent after a failed
      // send repeats events already there, so each event counts at its first offset.
      const byPartition = new Map<string, ReceivedMessage[]>();
      for (const message of received) {
        const key = `${message.topic}/${message.partition}`;
        byPartition.set(key, [...(byPartition.get(key) ?? []), message]);
      }
      for (const messages of byPartition.values()) {
        const seen = new Set<string>();
        const positions = messages
          .sort((a, b) => Number(a.offset - b.offset))
          .filter((message) => !seen.has(message.event.eventId) && seen.add(message.event.eventId))
          .map((message) => BigInt(message.event.globalPosition));
        const sorted = [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(positions).toEqual(sorted);
      }
    });

    it('resumes from its checkpoint without re-sending', async () => {
      const publishedBefore = await countPublishedMessages(connection);
      const stored = await appendAndRemember(500);
      const mapped = stored.filter((event) => event.type !== 'PatientRegistered');

      const sent = await runRelayToHead();

      // A send that timed out but reached the broker is sent again, so the topics may hold more
      // than one copy; what the relay sent successfully shows where it started.
      expect(sent).toBe(mapped.length);
      expect(await countPublishedMessages(connection)).toBeGreaterThanOrEqual(publishedBefore + mapped.length);
      const { rows } = await database.sql.query<{ position: unknown }>(
        "select position from kafka_relay_checkpoints where relay = 'integration-events'",
      );
      expect(toBigInt(rows[0]!.position)).toBe(stored[stored.length - 1]!.globalPosition);
    });
  });
});
