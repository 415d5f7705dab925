import { setTimeout as delay } from 'node:timers/promises';

import { KafkaJSProtocolError, type Consumer, type EachBatchPayload, type KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';

import { analyticsIntegrationEventsTotal } from '../../observability/metrics';
import type { SqlClient } from '../../sql/sql-client';
import { INTEGRATION_SCHEMA_VERSION, type IntegrationEvent } from '../integration-events';
import { allTopicNames, createKafka, unprefixedTopic, type KafkaConnection } from '../kafka-client';
import { ANALYTICS_SCHEMA, applyIntegrationEvents, type ReceivedIntegrationEvent } from './integration-event-counts';

// The analytics side of the integration topics: a consumer group that counts integration events
// per day, topic and type. Kafka delivers at least once (the relay re-sends after a crash, and the
// group re-reads from its last committed offset after a rebalance), so the count is deduplicated
// by event id in the same statement that applies it.

export interface AnalyticsConsumerOptions extends KafkaConnection {
  groupId: string;
  /** Read the topics from their first message when the group has no committed offset yet. */
  fromBeginning?: boolean;
  logger: Logger;
}

export interface AnalyticsConsumerStats {
  /** Messages handed to the consumer, redeliveries included. */
  received: number;
  applied: number;
  duplicates: number;
  /** Messages that were not integration events of a known schema version; skipped and logged. */
  rejected: number;
}

/** The relay creates the topics, possibly in a process that starts after this consumer. */
const TOPIC_WAIT_MS = 60_000;

export class AnalyticsConsumer {
  readonly stats: AnalyticsConsumerStats = { received: 0, applied: 0, duplicates: 0, rejected: 0 };

  private constructor(
    private readonly consumer: Consumer,
    private readonly sql: SqlClient,
    private readonly options: AnalyticsConsumerOptions,
  ) {}

  /** Creates the analytics tables, joins the consumer group and starts applying events. */
  static async start(sql: SqlClient, options: AnalyticsConsumerOptions): Promise<AnalyticsConsumer> {
    await sql.exec(ANALYTICS_SCHEMA);

    const kafka = createKafka(options, options.logger);
    const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    const analytics = new AnalyticsConsumer(consumer, sql, options);

    await consumer.connect();
    await subscribeWhenTopicsExist(consumer, options);
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: (payload) => analytics.applyBatch(payload),
    });
    options.logger.info({ groupId: options.groupId }, 'analytics consumer started');
    return analytics;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    this.options.logger.info({ groupId: this.options.groupId, ...this.stats }, 'analytics consumer stopped');
  }

  // The offsets are resolved only after the batch's effects committed. A crash in between makes
  // the group read the batch again, and the processed-events table turns that into no change.
  private async applyBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    const topic = unprefixedTopic(this.options, batch.topic);
    const received: ReceivedIntegrationEvent[] = [];
    for (const message of batch.messages) {
      const event = this.parse(message, batch.topic);
      if (event) {
        received.push({ eventId: event.eventId, topic, type: event.type, day: event.occurredAt.slice(0, 10) });
      }
    }

    const applied = await applyIntegrationEvents(this.sql, received);

    this.stats.received += batch.messages.length;
    this.stats.applied += applied;
    this.stats.duplicates += received.length - applied;
    analyticsIntegrationEventsTotal.inc({ outcome: 'applied' }, applied);
    analyticsIntegrationEventsTotal.inc({ outcome: 'duplicate' }, received.length - applied);

    const last = batch.messages[batch.messages.length - 1];
    if (last) {
      resolveOffset(last.offset);
    }
    await commitOffsetsIfNecessary();
    await heartbeat();
  }

  private parse(message: KafkaMessage, topic: string): IntegrationEvent | undefined {
    try {
      const event = JSON.parse(message.value?.toString('utf8') ?? '') as Partial<IntegrationEvent>;
      if (
        event.schemaVersion === INTEGRATION_SCHEMA_VERSION &&
        typeof event.eventId === 'string' &&
        typeof event.type === 'string' &&
        typeof event.occurredAt === 'string'
      ) {
        return event as IntegrationEvent;
      }
    } catch {
      // Logged below with the offset; the value itself is not logged.
    }
    this.stats.rejected++;
    analyticsIntegrationEventsTotal.inc({ outcome: 'rejected' });
    this.options.logger.warn(
      { topic, offset: message.offset, expectedSchemaVersion: INTEGRATION_SCHEMA_VERSION },
      'analytics consumer skipped a message that is not an integration event it can read',
    );
    return undefined;
  }
}

async function subscribeWhenTopicsExist(consumer: Consumer, options: AnalyticsConsumerOptions): Promise<void> {
  const topics = allTopicNames(options);
  const deadline = Date.now() + TOPIC_WAIT_MS;
  for (;;) {
    try {
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      return;
    } catch (error) {
      const unknownTopic = error instanceof KafkaJSProtocolError && error.type === 'UNKNOWN_TOPIC_OR_PARTITION';
      if (!unknownTopic || Date.now() > deadline) {
        await consumer.disconnect();
        throw new Error(
          `the analytics consumer could not subscribe to ${topics.join(', ')}; start the Kafka relay, which creates them`,
          { cause: error },
        );
      }
      options.logger.info({ topics }, 'analytics consumer waiting for the relay to create its topics');
      await delay(500);
    }
  }
}
