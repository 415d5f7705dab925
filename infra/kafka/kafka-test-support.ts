import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { describe, it } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';

import { allTopicNames, type KafkaConnection } from './kafka-client';

// Helpers for the suites that run against a real Kafka broker (scripts/kafka.sh starts one).

/**
 * Returns the brokers from KAFKA_BROKERS. Under CI=true a missing setting is an error, so the
 * Kafka suites fail instead of passing by skipping.
 */
export function kafkaBrokersForTests(): string[] | undefined {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers && process.env.CI === 'true') {
    throw new Error('KAFKA_BROKERS is not set, and CI=true requires the Kafka suites; run scripts/kafka.sh start and set KAFKA_BROKERS=127.0.0.1:9092');
  }
  return brokers?.split(',').map((broker) => broker.trim());
}

/** Runs `describe` when Kafka is configured, otherwise a skip whose title tells how to start it. */
export function describeWithKafka(name: string, body: (brokers: string[]) => void): void {
  const brokers = kafkaBrokersForTests();
  if (brokers) {
    describe(name, () => body(brokers));
  } else {
    // Outside CI only: the title names the missing server and how to start it.
    describe.skip(`${name} (skipped: KAFKA_BROKERS is not set; scripts/kafka.sh start runs a broker on 127.0.0.1:9092)`, () => {
      it('needs Kafka', () => undefined);
    });
  }
}

/** Fails fast, with the fix in the message, when the first broker does not accept a connection. */
export async function assertKafkaReachable(brokers: string[], timeoutMs = 3_000): Promise<void> {
  const [host, port] = brokers[0]!.split(':');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port: Number(port), timeout: timeoutMs });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new Error(`Kafka broker ${brokers[0]} is not reachable (${reason}); run scripts/kafka.sh start`));
    };
    socket.once('timeout', () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error) => fail(error.message));
  });
}

/** Returns a connection whose topics no other run uses, so a suite reads only what it published. */
export function isolatedConnection(brokers: string[], label: string): KafkaConnection {
  return { brokers, clientId: `ohip-test-${label}`, topicPrefix: `test-${label}-${randomBytes(4).toString('hex')}.` };
}

/** Deletes the connection's topics, so test runs do not pile them up on the broker. */
export async function deleteTopics(connection: KafkaConnection): Promise<void> {
  const admin = new Kafka({ clientId: connection.clientId, brokers: connection.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = allTopicNames(connection).filter((topic) => existing.has(topic));
    if (topics.length > 0) {
      await admin.deleteTopics({ topics });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Polls `condition` until it holds; the error names what was awaited and the last value seen. */
export async function waitUntil<T>(what: string, read: () => Promise<T> | T, holds: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!holds(value)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await delay(50);
    value = await read();
  }
  return value;
}

/** Creates the connection's topics, as the relay does, for suites that publish without a relay. */
export async function createTopics(connection: KafkaConnection, partitions: number): Promise<void> {
  const admin = new Kafka({ clientId: connection.clientId, brokers: connection.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: allTopicNames(connection).map((topic) => ({ topic, numPartitions: partitions })) });
  } finally {
    await admin.disconnect();
  }
}

/** Messages on the connection's topics, summed over every partition's high watermark. */
export async function countPublishedMessages(connection: KafkaConnection): Promise<number> {
  const admin = new Kafka({ clientId: connection.clientId, brokers: connection.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of allTopicNames(connection)) {
      for (const partition of await admin.fetchTopicOffsets(topic)) {
        total += Number(partition.high) - Number(partition.low);
      }
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}

const BROKER_LOCK = path.join(tmpdir(), 'ohip-forward-kafka-suites.lock');

/**
 * Takes the lock that the Kafka suites share, so one suite's broker restart never lands in the
 * middle of another suite (jest runs suites in parallel workers). Returns the release function.
 * A lock left by a process that has exited is taken over.
 */
export async function lockBroker(timeoutMs = 300_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(BROKER_LOCK);
      await writeFile(path.join(BROKER_LOCK, 'pid'), String(process.pid));
      return () => rm(BROKER_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }

    const owner = Number(await readFile(path.join(BROKER_LOCK, 'pid'), 'utf8').catch(() => '0'));
    if (owner > 0 && !isRunning(owner)) {
      await rm(BROKER_LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${BROKER_LOCK} (held by pid ${owner}); remove it if no test is running`);
    }
    await delay(200);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
