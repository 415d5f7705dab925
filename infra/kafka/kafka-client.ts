import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

import { INTEGRATION_TOPICS, type IntegrationTopic } from './integration-events';

export interface KafkaConnection {
  /** host:port of each bootstrap broker. */
  brokers: string[];
  clientId: string;
  /**
   * Put in front of every topic name. Empty in the product; tests and benchmarks set it so that
   * their runs on a shared broker do not read each other's events.
   */
  topicPrefix?: string;
}

/** Creates a kafkajs client whose own log lines go to pino, at warn and above. */
export function createKafka(connection: KafkaConnection, logger: Logger): Kafka {
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    // scripts/kafka.sh restart took 8 to 20 seconds on a busy 2-core VM. kafkajs retries a request
    // for about 10 seconds, and the relay and the consumer retry on their own after that.
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 8 },
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logKafkaEntry(logger, entry),
  });
}

/** Returns the topic's name on the broker, with the connection's prefix. */
export function topicName(connection: KafkaConnection, topic: IntegrationTopic): string {
  return `${connection.topicPrefix ?? ''}${topic}`;
}

export function allTopicNames(connection: KafkaConnection): string[] {
  return INTEGRATION_TOPICS.map((topic) => topicName(connection, topic));
}

/** Returns the topic without the connection's prefix, as the analytics tables store it. */
export function unprefixedTopic(connection: KafkaConnection, name: string): string {
  const prefix = connection.topicPrefix ?? '';
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

// kafkajs entries carry broker addresses, client ids and error messages, never message values.
function logKafkaEntry(logger: Logger, entry: LogEntry): void {
  const { message, timestamp: _timestamp, ...fields } = entry.log;
  const line = { kafka: entry.namespace, ...fields };
  if (entry.level === logLevel.ERROR) {
    logger.error(line, message);
  } else {
    logger.warn(line, message);
  }
}
