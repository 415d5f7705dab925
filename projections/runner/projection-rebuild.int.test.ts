import pino from 'pino';

import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import type { SqlClient } from '../../infra/sql/sql-client';
import { openPGliteForTests, openPostgresForTests, postgresUrlForTests } from '../../test/support/databases';
import { seedPatients } from '../../test/support/patient-events';
import { dumpProjection } from '../../test/support/read-models';
import { patientsProjection } from '../patients/patients.projection';
import { liveSchema } from './projection';
import { ProjectionRunner } from './projection-runner';

const silent = pino({ level: 'silent' });
const adapters: [string, () => Promise<{ sql: SqlClient; dispose(): Promise<void> }>][] = [['pglite', openPGliteForTests]];
const postgresUrl = postgresUrlForTests();
if (postgresUrl) adapters.push(['postgresql', () => openPostgresForTests(postgresUrl)]);

describe.each(adapters)('projection rebuild on %s', (_adapter, open) => {
  let sql: SqlClient;
  let dispose: () => Promise<void>;
  let store: SqlEventStore;

  beforeEach(async () => {
    ({ sql, dispose } = await open());
    store = await SqlEventStore.create(sql);
  });

  afterEach(async () => {
    await store.close();
    await dispose();
  });

  it('ends equal to the live read model', async () => {
    const runner = new ProjectionRunner(store, sql, patientsProjection, silent, 50);
    await runner.start();
    const last = await seedPatients(store, 40, 6);
    await runner.waitFor(last);
    const live = await dumpProjection(sql, patientsProjection, liveSchema(patientsProjection));

    const result = await runner.rebuild();

    expect(result.events).toBe(40 * 7);
    expect(await dumpProjection(sql, patientsProjection, liveSchema(patientsProjection))).toEqual(live);
    expect((live.patients as unknown[]).length).toBe(40);
    expect((live.observations as unknown[]).length).toBe(240);
    await runner.stop();
  });

  it('keeps events appended during the rebuild', async () => {
    const runner = new ProjectionRunner(store, sql, patientsProjection, silent, 50);
    await runner.start();
    await seedPatients(store, 20, 3);

    const [, last] = await Promise.all([runner.rebuild(), seedPatients(store, 10, 3, 'during')]);
    await runner.waitFor(last);

    const { rows } = await sql.query<{ count: number }>('select count(*)::int as count from rm_patients.patients');
    expect(rows[0]!.count).toBe(30);
    const afterLive = await dumpProjection(sql, patientsProjection, liveSchema(patientsProjection));
    await runner.rebuild();
    expect(await dumpProjection(sql, patientsProjection, liveSchema(patientsProjection))).toEqual(afterLive);
    await runner.stop();
  });

  it('rebuilds from 0 when the projection version changes', async () => {
    const first = new ProjectionRunner(store, sql, patientsProjection, silent);
    await first.start();
    const last = await seedPatients(store, 5, 2);
    await first.waitFor(last);
    await first.stop();

    const upgraded = new ProjectionRunner(store, sql, { ...patientsProjection, version: patientsProjection.version + 1 }, silent);
    await upgraded.start();
    await upgraded.waitFor(last);

    const { rows } = await sql.query<{ count: number }>('select count(*)::int as count from rm_patients.observations');
    expect(rows[0]!.count).toBe(10);
    await upgraded.stop();
  });
});
