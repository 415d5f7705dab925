import { setTimeout as delay } from 'node:timers/promises';

import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';

import type { EventStore, StoredEvent, SubscriptionHandle } from '../event-store/event-store.port';
import {
  kafkaRelayCheckpointPosition,
  kafkaRelayLagSeconds,
  kafkaRelayPublishedTotal,
  kafkaRelaySendFailuresTotal,
} from '../observability/metrics';
import { toBigInt, type SqlClient } from '../sql/sql-client';
import { allTopicNames, createKafka, type KafkaConnection } from './kafka-client';
import { produceRequestsFor } from './relay-requests';

// The relay publishes what the store holds, in global order, and moves its checkpoint only after
// the broker has acknowledged the batch. A crash between the two re-sends that batch, so delivery
// is at least once and consumers dedupe by event id. No stored event is skipped.
//
// Reading, sending and saving the checkpoint overlap: the subscription reads the next batch while
// the sender publishes the current one, and a batch's checkpoint is saved while the next batch is
// being sent. Sending itself stays one batch at a time, so a retry never overtakes a later batch.

const CHECKPOINT_SCHEMA = `
create table if not exists kafka_relay_checkpoints (
  relay text primary key,
  position bigint not null,
  updated_at timestamptz not null default now()
);
`;

/** Events read from the store at a time; produce requests are split further by size. */
const DEFAULT_BATCH_SIZE = 5_000;

/** Batches read ahead of the sender; more would only hold more memory while the broker is down. */
const MAX_QUEUED_BATCHES = 2;

/** Back-off between failed attempts, doubling up to the maximum, while the broker is unreachable. */
const RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 5_000;

export interface KafkaRelayOptions extends KafkaConnection {
  /** Partitions of each topic the relay creates; existing topics keep theirs. */
  partitions: number;
  /** The checkpoint row's name; two relays with different names publish the store twice. */
  relayName?: string;
  batchSize?: number;
  logger: Logger;
}

interface PositionWaiter {
  position: bigint;
  resolve: () => void;
}

export class KafkaRelay {
  private readonly kafka: Kafka;
  private readonly relayName: string;
  private readonly batchSize: number;
  private producer: Producer | undefined;
  private subscription: SubscriptionHandle | undefined;
  private stopping = false;
  private readonly sender: Promise<void>;
  private readonly queue: StoredEvent[][] = [];
  private wakeSender: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;
  private readonly waiters: PositionWaiter[] = [];
  private position = 0n;
  private published = 0;

  private constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly options: KafkaRelayOptions,
  ) {
    this.kafka = createKafka(options, options.logger);
    this.relayName = options.relayName ?? 'integration-events';
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.sender = this.run().catch((error: unknown) => {
      this.options.logger.error({ err: error, relay: this.relayName }, 'Kafka relay stopped on an error');
    });
  }

  /**
   * Starts the relay and resolves once the checkpoint table exists. Connecting to the broker and
   * creating the topics go on in the background and are retried until they succeed. So the product
   * keeps serving, and storing events to publish later, while Kafka is down.
   */
  static async start(store: EventStore, sql: SqlClient, options: KafkaRelayOptions): Promise<KafkaRelay> {
    await sql.exec(CHECKPOINT_SCHEMA);
    return new KafkaRelay(store, sql, options);
  }

  /** Global position of the last event whose batch the broker acknowledged and the checkpoint saved. */
  get checkpoint(): bigint {
    return this.position;
  }

  /** Integration events published by this relay since it started, re-sends included. */
  get publishedCount(): number {
    return this.published;
  }

  /** Resolves once the checkpoint has reached `position`: everything up to it is published. */
  waitFor(position: bigint, timeoutMs = 30_000): Promise<void> {
    if (this.position >= position && this.subscription) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`the Kafka relay did not publish up to position ${position} within ${timeoutMs} ms (its checkpoint is ${this.position})`));
      }, timeoutMs);
      const waiter: PositionWaiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeReader?.();
    this.wakeSender?.();
    await this.subscription?.stop();
    await this.sender;
    await this.producer?.disconnect().catch(() => undefined);
    this.options.logger.info({ relay: this.relayName, position: this.position.toString() }, 'Kafka relay stopped');
  }

  private async run(): Promise<void> {
    this.position = await this.readCheckpoint();
    kafkaRelayCheckpointPosition.set(Number(this.position));

    const connected = await this.retryUntilStopped('connect to Kafka', async () => {
      await this.createTopics();
      this.producer = await this.connectProducer();
    });
    if (!connected || this.stopping) {
      return;
    }

    this.options.logger.info({ relay: this.relayName, position: this.position.toString(), brokers: this.options.brokers }, 'Kafka relay started');
    this.subscription = this.store.subscribeToAll({
      after: this.position,
      batchSize: this.batchSize,
      handler: (events) => this.enqueue(events),
      onError: (error) => {
        if (!this.stopping) {
          this.options.logger.error({ err: error, relay: this.relayName }, 'Kafka relay stopped reading the event store');
        }
      },
    });
    this.releaseWaiters();

    let savingCheckpoint: Promise<void> = Promise.resolve();
    while (!this.stopping) {
      const batch = this.queue.shift();
      if (!batch) {
        await new Promise<void>((resolve) => (this.wakeSender = resolve));
        continue;
      }
      this.wakeReader?.();

      if (!(await this.publish(batch))) {
        break;
      }
      await savingCheckpoint;
      savingCheckpoint = this.advanceCheckpoint(batch);
    }
    await savingCheckpoint;
  }

  /** The subscription's handler: hands the batch to the sender, waiting while the queue is full. */
  private async enqueue(events: StoredEvent[]): Promise<void> {
    while (this.queue.length >= MAX_QUEUED_BATCHES && !this.stopping) {
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
    if (this.stopping) {
      throw new Error('the Kafka relay is stopping');
    }
    this.queue.push(events);
    this.wakeSender?.();
  }

  /** Sends a batch's produce requests in order; returns false when the relay stopped first. */
  private async publish(events: StoredEvent[]): Promise<boolean> {
    const requests = produceRequestsFor(this.options, events);
    for (const topicMessages of requests) {
      const sent = await this.retryUntilStopped('publish a batch', async () => {
        this.producer ??= await this.connectProducer();
        await this.producer.sendBatch({ topicMessages, acks: -1 });
      });
      if (!sent) {
        return false;
      }
      for (const { topic, messages } of topicMessages) {
        this.published += messages.length;
        kafkaRelayPublishedTotal.inc({ topic }, messages.length);
      }
    }
    return true;
  }

  private async advanceCheckpoint(events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1]!;
    const saved = await this.retryUntilStopped('save its checkpoint', () => this.saveCheckpoint(last.globalPosition));
    if (!saved) {
      return;
    }

    this.position = last.globalPosition;
    this.releaseWaiters();
    kafkaRelayCheckpointPosition.set(Number(last.globalPosition));
    const behind = events.length === this.batchSize;
    kafkaRelayLagSeconds.set(behind ? Math.max(0, (Date.now() - last.recordedAt.getTime()) / 1000) : 0);
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.position >= waiter.position) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Runs `work` until it succeeds, with back-off; returns false when the relay stopped first. */
  private async retryUntilStopped(what: string, work: () => Promise<void>): Promise<boolean> {
    let retryDelay = RETRY_DELAY_MS;
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await work();
        return true;
      } catch (error) {
        kafkaRelaySendFailuresTotal.inc();
        this.options.logger.warn(
          { err: error, relay: this.relayName, attempt, retryInMs: retryDelay, position: this.position.toString() },
          `Kafka relay failed to ${what}; retrying`,
        );
        // A producer whose broker went away may keep a stale producer id or connection. A fresh
        // producer gets a new id, which the broker's idempotence checks accept.
        await this.discardProducer();
        await delay(retryDelay);
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_DELAY_MS);
      }
    }
    return false;
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      // Idempotence makes the broker drop a retried request it already wrote, so a retry inside
      // kafkajs neither duplicates nor reorders. kafkajs requires one request in flight for it.
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return producer;
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async createTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = allTopicNames(this.options).filter((topic) => !existing.has(topic));
      if (missing.length === 0) {
        return;
      }
      await admin.createTopics({
        waitForLeaders: true,
        // The replication factor is left to the broker's default.replication.factor.
        topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions })),
      });
      this.options.logger.info({ topics: missing, partitions: this.options.partitions }, 'Kafka topics created');
    } finally {
      await admin.disconnect();
    }
  }

  private async readCheckpoint(): Promise<bigint> {
    const { rows } = await this.sql.query<{ position: unknown }>('select position from kafka_relay_checkpoints where relay = $1', [this.relayName]);
    return rows[0] ? toBigInt(rows[0].position) : 0n;
  }

  private async saveCheckpoint(position: bigint): Promise<void> {
    await this.sql.query(
      `insert into kafka_relay_checkpoints (relay, position) values ($1, $2::bigint)
       on conflict (relay) do update set position = excluded.position, updated_at = now()`,
      [this.relayName, position.toString()],
      { preparedName: 'kafka_relay_save_checkpoint' },
    );
  }
}
