import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import pino from 'pino';

import type { NewEvent, StoredEvent } from '../../infra/event-store/event-store.port';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { readCheckpoint } from './checkpoints';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

// Every PHI read appends an access entry, so most events a projection reads are of types it does
// not use. A projection that names its event types must end with the same read model as one that
// reads everything, must not open a transaction for a batch of other types, and must not be woken
// by their appends.

const logger = pino({ level: 'silent' });
const NOTE = 'PatientNoteAdded';
const ACCESS = 'PhiAccessRecorded';

/** Counts notes per patient. With `eventTypes`, the runner filters the events for it. */
function notesProjection(name: string, eventTypes?: ReadonlySet<string>): Projection {
  return {
    name,
    version: 1,
    eventTypes,
    tables: [{ name: 'notes', orderBy: 'patient_id' }],
    createTables: (schema) => `create table ${schema}.notes (patient_id text primary key, notes integer not null);`,
    async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
      for (const event of events) {
        if (event.type !== NOTE) continue;
        await tx.query(
          `insert into ${schema}.notes values ($1, 1) on conflict (patient_id) do update set notes = ${schema}.notes.notes + 1`,
          [(event.data as { patientId: string }).patientId],
        );
      }
    },
  };
}

function event(type: string, patientId: string): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data: { patientId }, correlationId: 'test', causationId: null, actor: { id: 'test', role: 'system' } };
}

describe('projections that name their event types', () => {
  let database: TestSql;
  let store: SqlEventStore;
  let projectionNumber = 0;

  // A fresh database for each test, so a new projection starts from the events of its own test.
  beforeEach(async () => {
    database = await openPGliteForTests();
    store = await SqlEventStore.create(database.sql, { pollIntervalMs: 20 });
  });

  afterEach(async () => {
    await store.close();
    await database.dispose();
  });

  async function startRunner(projection: Projection): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(store, database.sql, projection, logger);
    await runner.start();
    return runner;
  }

  async function notesIn(projection: Projection): Promise<unknown[]> {
    const { rows } = await database.sql.query(`select patient_id, notes from rm_${projection.name}.notes order by patient_id`);
    return rows;
  }

  it('match a projection that reads every event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('p1', 'p2', 'p3')), { minLength: 1, maxLength: 40 }), async (appends) => {
        projectionNumber++;
        const filtered = notesProjection(`filtered_${projectionNumber}`, new Set([NOTE]));
        const unfiltered = notesProjection(`unfiltered_${projectionNumber}`);
        const runners = [await startRunner(filtered), await startRunner(unfiltered)];

        let head = 0n;
        for (const [isNote, patientId] of appends) {
          const appended = await store.appendToStream(`patient-${patientId}`, [event(isNote ? NOTE : ACCESS, patientId)], 'any');
          head = appended.lastPosition;
        }
        for (const runner of runners) await runner.waitFor(head);
        for (const runner of runners) await runner.stop();

        expect(await notesIn(filtered)).toEqual(await notesIn(unfiltered));
      }),
      { numRuns: 15 },
    );
  });

  it('skip other types without a transaction', async () => {
    const projection = notesProjection(`quiet_${++projectionNumber}`, new Set([NOTE]));
    const runner = await startRunner(projection);
    const transaction = jest.spyOn(database.sql, 'transaction');

    let head = 0n;
    for (let index = 0; index < 30; index++) {
      head = (await store.appendToStream('audit-p1', [event(ACCESS, 'p1')], 'any')).lastPosition;
    }
    await runner.waitFor(head);
    const afterAccesses = await readCheckpoint(database.sql, projection.name);
    const transactionsForAccesses = transaction.mock.calls.length;

    const note = await store.appendToStream('patient-p1', [event(NOTE, 'p1')], 'any');
    await runner.waitFor(note.lastPosition);
    const afterNote = await readCheckpoint(database.sql, projection.name);
    const position = runner.position;
    await runner.stop();
    transaction.mockRestore();

    expect(position).toBe(note.lastPosition);
    expect(afterAccesses?.position).toBe(0n);
    expect(transactionsForAccesses).toBe(0);
    expect(afterNote?.position).toBe(note.lastPosition);
    expect(await notesIn(projection)).toEqual([{ patient_id: 'p1', notes: 1 }]);
  });

  it('resume after a restart without applying twice', async () => {
    const projection = notesProjection(`restarted_${++projectionNumber}`, new Set([NOTE]));
    let runner = await startRunner(projection);
    await store.appendToStream('patient-p2', [event(NOTE, 'p2')], 'any');
    let head = 0n;
    for (let index = 0; index < 10; index++) {
      head = (await store.appendToStream('audit-p2', [event(ACCESS, 'p2')], 'any')).lastPosition;
    }
    await runner.waitFor(head);
    await runner.stop();

    runner = await startRunner(projection);
    const note = await store.appendToStream('patient-p2', [event(NOTE, 'p2')], 'any');
    await runner.waitFor(note.lastPosition);
    await runner.stop();

    expect(await notesIn(projection)).toEqual([{ patient_id: 'p2', notes: 2 }]);
  });
});

describe('subscriptions', () => {
  let database: TestSql;
  let store: SqlEventStore;

  beforeAll(async () => {
    database = await openPGliteForTests();
    // A poll interval far beyond the test, so only a wake-up can make it read.
    store = await SqlEventStore.create(database.sql, { pollIntervalMs: 60_000, lingerMs: 0 });
  });

  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('named types skip others and wake', async () => {
    const received: string[] = [];
    const subscription = store.subscribeToAll({
      after: await store.headPosition(),
      eventTypes: new Set([NOTE]),
      handler: async (events) => {
        received.push(...events.map((stored) => stored.type));
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    await store.appendToStream('audit-p3', [event(ACCESS, 'p3')], 'any');
    await store.appendToStream('audit-p3', [event(ACCESS, 'p3')], 'any');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const beforeNote = [...received];

    const note = await store.appendToStream('patient-p3', [event(NOTE, 'p3')], 'any');
    await subscription.waitFor(note.lastPosition, 2_000);
    await subscription.stop();

    expect(beforeNote).toEqual([]);
    expect(received).toEqual([NOTE]);
    expect(subscription.lastPosition).toBe(note.lastPosition);
  });

  it('reads appends of its linger in one batch', async () => {
    const batches: number[] = [];
    const subscription = store.subscribeToAll({
      after: await store.headPosition(),
      lingerMs: 150,
      handler: async (events) => {
        batches.push(events.length);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    let head = 0n;
    for (let index = 0; index < 5; index++) {
      head = (await store.appendToStream('audit-p4', [event(ACCESS, 'p4')], 'any')).lastPosition;
    }
    await subscription.waitFor(head, 2_000);
    await subscription.stop();

    expect(batches).toEqual([5]);
  });

  it('ends the linger for a waiter', async () => {
    const subscription = store.subscribeToAll({
      after: await store.headPosition(),
      lingerMs: 60_000,
      handler: async () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const appended = await store.appendToStream('audit-p6', [event(ACCESS, 'p6')], 'any');
    const waited = subscription.waitFor(appended.lastPosition, 2_000);

    await expect(waited).resolves.toBeUndefined();
    await subscription.stop();
  });

  it('keeps lingering under steady appends', async () => {
    const batches: number[] = [];
    const subscription = store.subscribeToAll({
      after: await store.headPosition(),
      lingerMs: 100,
      handler: async (events) => {
        batches.push(events.length);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // One append every 10 ms for about half a second: something always lands during a read.
    let head = 0n;
    for (let index = 0; index < 50; index++) {
      head = (await store.appendToStream('audit-p5', [event(ACCESS, 'p5')], 'any')).lastPosition;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await subscription.waitFor(head, 2_000);
    await subscription.stop();

    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(50);
    expect(batches.length).toBeLessThanOrEqual(9);
  });
});
