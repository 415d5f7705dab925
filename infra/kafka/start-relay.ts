import type { AppConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store.port';
import { loggerFor } from '../observability/logger';
import type { SqlClient } from '../sql/sql-client';
import { KafkaRelay } from './kafka-relay';

/** Starts the integration-event relay when KAFKA_BROKERS is set; returns undefined otherwise. */
export async function startKafkaRelayIfConfigured(config: AppConfig, store: EventStore, sql: SqlClient): Promise<KafkaRelay | undefined> {
  const brokers = config.kafka.brokers;
  if (!brokers) {
    return undefined;
  }
  return KafkaRelay.start(store, sql, {
    brokers,
    clientId: 'ohip-forward-relay',
    partitions: config.kafka.topicPartitions,
    logger: loggerFor('kafka-relay'),
  });
}
