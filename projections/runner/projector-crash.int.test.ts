import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import pino from 'pino';

import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { describeWithPostgres, openPostgresForTests, type TestSql } from '../../test/support/databases';
import { seedPatients } from '../../test/support/patient-events';
import { dumpProjection } from '../../test/support/read-models';
import { patientsProjection } from '../patients/patients.projection';
import { readCheckpoint } from './checkpoints';
import { liveSchema } from './projection';
import { ProjectionRunner } from './projection-runner';

// Kills the projector process with SIGKILL while it is applying batches, several times, then lets
// it finish. Because each batch commits together with its checkpoint, the result must equal a
// clean rebuild: nothing lost, nothing applied twice.

const projectorScript = path.resolve(__dirname, '..', '..', 'dist', 'infra', 'cli', 'projections.js');
const KILLS = 6;

describeWithPostgres('projector killed mid-batch', (serverUrl) => {
  let database: TestSql & { url: string };
  let store: SqlEventStore;

  beforeAll(async () => {
    if (!existsSync(projectorScript)) {
      throw new Error(`${projectorScript} is missing; run npm run build first (npm test does)`);
    }
    database = await openPostgresForTests(serverUrl);
    store = await SqlEventStore.create(database.sql);
  });

  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('ends equal to a clean rebuild', async () => {
    const head = await seedPatients(store, 500, 40);
    let lastSeen = 0n;
    let kills = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const projector = startProjector(database.url);
      lastSeen = await waitForCheckpointPast(database, lastSeen, head);
      projector.kill('SIGKILL');
      await exited(projector);
      kills++;
      if (lastSeen >= head) break;
    }

    const finisher = startProjector(database.url);
    await waitForCheckpointPast(database, head - 1n, head);
    finisher.kill('SIGTERM');
    await exited(finisher);

    const crashed = await dumpProjection(database.sql, patientsProjection, liveSchema(patientsProjection));
    const runner = new ProjectionRunner(store, database.sql, patientsProjection, pino({ level: 'silent' }));
    await runner.start();
    await runner.rebuild();
    await runner.stop();
    const clean = await dumpProjection(database.sql, patientsProjection, liveSchema(patientsProjection));

    expect(kills).toBe(KILLS);
    expect((crashed.observations as unknown[]).length).toBe(500 * 40);
    expect(crashed).toEqual(clean);
  });
});

function startProjector(url: string): ChildProcess {
  return spawn(process.execPath, [projectorScript, 'run'], {
    env: { ...process.env, DATABASE_URL: url, OHIP_EVENT_STORE: 'postgresql', LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Waits until the projector has committed a batch beyond `after`, so the kill that follows lands
// while it works on the next one.
async function waitForCheckpointPast(database: TestSql, after: bigint, head: bigint): Promise<bigint> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const checkpoint = await readCheckpoint(database.sql, patientsProjection.name).catch(() => undefined);
    if (checkpoint && (checkpoint.position > after || checkpoint.position >= head)) {
      return checkpoint.position;
    }
    if (Date.now() > deadline) {
      throw new Error(`projector did not move past position ${after} within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
