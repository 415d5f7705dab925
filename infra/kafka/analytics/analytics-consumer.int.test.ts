import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pino from 'pino';

import { describeWithPostgres, openPostgresForTests, type TestSql } from '../../../test/support/databases';
import type { IntegrationEvent } from '../integration-events';
import { topicName } from '../kafka-client';
import { assertKafkaReachable, createTopics, deleteTopics, describeWithKafka, isolatedConnection, lockBroker, waitUntil } from '../kafka-test-support';
import { AnalyticsConsumer } from './analytics-consumer';
import { readIntegrationEventCounts } from './integration-event-counts';

const silent = pino({ level: 'silent' });

function escalation(eventId: string, occurredAt: string): IntegrationEvent {
  return {
    schema: 'ohip.integration/EscalationRaised',
    schemaVersion: 1,
    eventId,
    occurredAt,
    globalPosition: '65536',
    journeyId: null,
    type: 'EscalationRaised',
    data: { escalationId: 'escalation-1', patientId: 'patient-1', priority: 'urgent' },
  };
}

describeWithPostgres('Analytics consumer', (serverUrl) => {
  describeWithKafka('on a real broker', (brokers) => {
    const connection = isolatedConnection(brokers, 'analytics');
    let database: TestSql;
    let releaseBroker: (() => Promise<void>) | undefined;

    // The lock may wait for the broker-restart suite, which takes about two minutes.
    beforeAll(async () => {
      releaseBroker = await lockBroker();
      await assertKafkaReachable(brokers);
      database = await openPostgresForTests(serverUrl);
      await createTopics(connection, 2);

      const producer = new Kafka({ clientId: 'analytics-test', brokers, logLevel: logLevel.NOTHING }).producer({
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      const first = escalation('6d1f6a52-2a55-4f4e-9d8e-5f2b7c1e0a01', '2026-12-04T21:00:00.000Z');
      const second = escalation('6d1f6a52-2a55-4f4e-9d8e-5f2b7c1e0a02', '2026-12-05T00:10:00.000Z');
      // The first event goes out three times: twice under one key, so one batch can hold both
      // copies, and once under another key.
      await producer.send({
        topic: topicName(connection, 'alert-events'),
        messages: [
          { key: 'monitoring-1', value: JSON.stringify(first) },
          { key: 'monitoring-2', value: JSON.stringify(second) },
          { key: 'monitoring-3', value: JSON.stringify(first) },
          { key: 'monitoring-1', value: JSON.stringify(first) },
          { key: 'monitoring-1', value: 'not json' },
        ],
      });
      await producer.disconnect();
    }, 360_000);

    afterAll(async () => {
      try {
        await deleteTopics(connection);
        await database.dispose();
      } finally {
        await releaseBroker?.();
      }
    });

    async function consumeAll(groupId: string): Promise<AnalyticsConsumer> {
      const consumer = await AnalyticsConsumer.start(database.sql, { ...connection, groupId, logger: silent });
      try {
        await waitUntil('five received messages', () => consumer.stats.received, (received) => received >= 5, 30_000);
      } finally {
        await consumer.stop();
      }
      return consumer;
    }

    it('applies a duplicate once', async () => {
      const consumer = await consumeAll(`${connection.topicPrefix}first`);

      // A rebalance or broker restart may deliver a message more than once, so only the outcomes are exact.
      expect(consumer.stats.applied).toBe(2);
      expect(consumer.stats.rejected).toBeGreaterThanOrEqual(1);
      expect(consumer.stats.duplicates).toBe(consumer.stats.received - consumer.stats.applied - consumer.stats.rejected);
      expect(await readIntegrationEventCounts(database.sql)).toEqual([
        { day: '2026-12-04', topic: 'alert-events', eventType: 'EscalationRaised', events: 1 },
        { day: '2026-12-05', topic: 'alert-events', eventType: 'EscalationRaised', events: 1 },
      ]);
    });

    it('changes nothing when every message is delivered again', async () => {
      const consumer = await consumeAll(`${connection.topicPrefix}second`);

      expect(consumer.stats.applied).toBe(0);
      expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(4);
      expect(await readIntegrationEventCounts(database.sql)).toEqual([
        { day: '2026-12-04', topic: 'alert-events', eventType: 'EscalationRaised', events: 1 },
        { day: '2026-12-05', topic: 'alert-events', eventType: 'EscalationRaised', events: 1 },
      ]);
      const { rows } = await database.sql.query<{ processed: number }>('select count(*)::int as processed from analytics_processed_events');
      expect(rows[0]!.processed).toBe(2);
    });
  });
});
