import { z } from 'zod';

// The Kafka relay's settings. Without KAFKA_BROKERS no relay runs: the embedded product keeps its
// integration events in the store only, and nothing else changes.

const brokerAddress = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export const kafkaEnvironment = {
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.split(',').map((broker) => broker.trim()).filter((broker) => broker !== ''))
    .pipe(z.array(z.string().regex(brokerAddress, 'must be a comma-separated list of host:port, such as 127.0.0.1:9092')).min(1))
    .optional(),
  /** Partitions of each integration topic the relay creates; more allow more consumers in a group. */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1_000).default(3),
};

export interface KafkaConfig {
  /** Bootstrap brokers as host:port; undefined runs no relay. */
  brokers: string[] | undefined;
  topicPartitions: number;
}

export function kafkaConfigFrom(env: { KAFKA_BROKERS?: string[]; KAFKA_TOPIC_PARTITIONS: number }): KafkaConfig {
  return { brokers: env.KAFKA_BROKERS, topicPartitions: env.KAFKA_TOPIC_PARTITIONS };
}
