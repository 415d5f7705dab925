import type { Message, TopicMessages } from 'kafkajs';

import type { StoredEvent } from '../event-store/event-store.port';
import { toIntegrationEvent } from './integration-events';
import { topicName, type KafkaConnection } from './kafka-client';

/**
 * The maximum message bytes in one produce request. Kafka rejects a record batch for one partition
 * over message.max.bytes (1 MiB by default), and a request below that cannot hold such a batch,
 * however the keys fall on the partitions.
 */
const MAX_REQUEST_BYTES = 900_000;

/** One produce request: messages per topic, in the store's order within each topic. */
export type ProduceRequest = TopicMessages[];

/**
 * Turns a batch of stored events into produce requests, in order. Events of types that are not
 * published are left out; the batch's checkpoint still covers them.
 */
export function produceRequestsFor(connection: KafkaConnection, events: readonly StoredEvent[]): ProduceRequest[] {
  const requests: ProduceRequest[] = [];
  let byTopic = new Map<string, Message[]>();
  let requestBytes = 0;

  for (const stored of events) {
    const routed = toIntegrationEvent(stored);
    if (!routed) {
      continue;
    }

    const value = JSON.stringify(routed.event);
    const messageBytes = value.length + routed.key.length + 100;
    if (requestBytes + messageBytes > MAX_REQUEST_BYTES && byTopic.size > 0) {
      requests.push(toRequest(byTopic));
      byTopic = new Map();
      requestBytes = 0;
    }

    const topic = topicName(connection, routed.topic);
    const messages = byTopic.get(topic) ?? [];
    messages.push({ key: routed.key, value, headers: { eventId: routed.event.eventId, schema: routed.event.schema } });
    byTopic.set(topic, messages);
    requestBytes += messageBytes;
  }

  if (byTopic.size > 0) {
    requests.push(toRequest(byTopic));
  }
  return requests;
}

function toRequest(byTopic: Map<string, Message[]>): ProduceRequest {
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
