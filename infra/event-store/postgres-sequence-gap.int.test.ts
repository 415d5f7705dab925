import { Client } from 'pg';

import { expectIncreasing } from '../../test/contracts/event-store.contract';
import { describeWithPostgres, openPostgresForTests, type TestSql } from '../../test/support/databases';
import { newEvents } from '../../test/support/events';
import type { SqlExecutor } from '../sql/sql-client';
import type { StoredEvent } from './event-store.port';
import { SqlEventStore } from './sql/sql-event-store';

// The sequence-gap problem: a transaction that took an earlier position commits after one that
// took a later position. A reader that already moved past the later position would never see
// the earlier one. These tests hold a transaction open on purpose and check that no subscriber
// moves past it.

describeWithPostgres('PostgreSQL event store under out-of-order commits', (serverUrl) => {
  let database: TestSql & { url: string };
  let store: SqlEventStore;

  beforeAll(async () => {
    database = await openPostgresForTests(serverUrl, 40);
    store = await SqlEventStore.create(database.sql);
  });

  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('holds a later commit back until the earlier transaction ends', async () => {
    const start = await store.headPosition();
    const seen: StoredEvent[] = [];
    const subscription = store.subscribeToAll({ after: start, handler: async (events) => void seen.push(...events) });
    const slow = await openTransaction(database.url);

    const early = await store.appendWith(slow.executor, 'gap-early', newEvents(1), 'no_stream');
    const late = await store.appendToStream('gap-late', newEvents(1), 'no_stream');
    expect(early.lastPosition).toBeLessThan(late.lastPosition);
    expect(await store.readAll({ after: start, maxCount: 10 })).toEqual([]);
    expect(seen).toEqual([]);

    await slow.commit();
    await subscription.waitFor(late.lastPosition);
    await subscription.stop();

    expect(seen.map((event) => event.streamId)).toEqual(['gap-early', 'gap-late']);
  });

  it('delivers every event once and in order when commits finish out of order', async () => {
    const start = await store.headPosition();
    const seen: StoredEvent[] = [];
    const subscription = store.subscribeToAll({
      after: start,
      batchSize: 7,
      handler: async (events) => void seen.push(...events),
    });

    const writers = Array.from({ length: 30 }, (_, writer) => writer);
    const positions = await Promise.all(
      writers.map(async (writer) => {
        const stored: bigint[] = [];
        const connection = await openTransaction(database.url);
        try {
          for (let round = 0; round < 5; round++) {
            const result = await store.appendWith(connection.executor, `writer-${writer}`, newEvents(2), round === 0 ? 'no_stream' : BigInt(round * 2));
            stored.push(result.lastPosition);
            // Vary how long each transaction stays open so commit order differs from xid order.
            await new Promise((resolve) => setTimeout(resolve, (writer * 7 + round * 13) % 11));
          }
          await connection.commit();
        } catch (error) {
          await connection.rollback();
          throw error;
        }
        return stored;
      }),
    );
    const last = positions.flat().reduce((max, position) => (position > max ? position : max), 0n);
    await subscription.waitFor(last, 10_000);
    await subscription.stop();

    expect(seen).toHaveLength(30 * 5 * 2);
    expectIncreasing(seen);
    for (const writer of writers) {
      const versions = seen.filter((event) => event.streamId === `writer-${writer}`).map((event) => event.streamVersion);
      expect(versions).toEqual(Array.from({ length: 10 }, (_, index) => BigInt(index + 1)));
    }
  });
});

interface OpenTransaction {
  executor: SqlExecutor;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

async function openTransaction(url: string): Promise<OpenTransaction> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  return {
    executor: {
      async query<Row>(text: string, params?: unknown[]) {
        const result = await client.query(text, params as unknown[]);
        return { rows: result.rows as Row[] };
      },
    },
    async commit() {
      await client.query('commit');
      await client.end();
    },
    async rollback() {
      await client.query('rollback');
      await client.end();
    },
  };
}
