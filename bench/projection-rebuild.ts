import { randomUUID } from 'node:crypto';

import pino from 'pino';

import { SqlEventStore } from '../infra/event-store/sql/sql-event-store';
import type { NewEvent } from '../infra/event-store/event-store.port';
import { PostgresClient } from '../infra/sql/postgres-client';
import { patientsProjection } from '../projections/patients/patients.projection';
import { ProjectionRunner } from '../projections/runner/projection-runner';
import { createDatabase, requireDatabaseUrl, round } from './support';

// Reading all events and rebuilding a projection over 1,000,000 events on PostgreSQL. The events
// are the patients projection's own: 2,000 patients, each registered and then given 499
// observations, appended through the store in batches of 500 per append.
//
//   DATABASE_URL=postgres://ohip:ohip@127.0.0.1:5432/ohip node dist/bench/projection-rebuild.js
//   BENCH_EVENTS (default 1000000) sets the total.

const totalEvents = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const eventsPerPatient = 500;

async function main(): Promise<void> {
  const database = await createDatabase(requireDatabaseUrl(), 'rebuild');
  const sql = new PostgresClient({ connectionString: database.url, max: 10 });
  const store = await SqlEventStore.create(sql);

  const seedStarted = Date.now();
  const patients = Math.ceil(totalEvents / eventsPerPatient);
  for (let start = 0; start < patients; start += 8) {
    await Promise.all(Array.from({ length: Math.min(8, patients - start) }, (_, offset) => appendPatient(store, start + offset)));
  }
  const head = await store.headPosition();
  process.stdout.write(`seeded ${patients * eventsPerPatient} events in ${round((Date.now() - seedStarted) / 1000, 1)} s\n`);

  const readStarted = process.hrtime.bigint();
  let read = 0;
  let position = 0n;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: 5_000 });
    if (page.length === 0) break;
    read += page.length;
    position = page[page.length - 1]!.globalPosition;
  }
  const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;

  const runner = new ProjectionRunner(store, sql, patientsProjection, pino({ level: 'silent' }));
  await runner.start();
  await runner.waitFor(head, 600_000);
  const rebuild = await runner.rebuild();
  await runner.stop();

  process.stdout.write(`read all: ${read} events in ${round(readSeconds)} s = ${Math.round(read / readSeconds)} events/s\n`);
  process.stdout.write(`rebuild: ${rebuild.events} events in ${round(rebuild.seconds)} s = ${Math.round(rebuild.events / rebuild.seconds)} events/s\n`);

  await sql.close();
  await database.drop();
}

async function appendPatient(store: SqlEventStore, index: number): Promise<void> {
  const patientId = `bench-${index}`;
  const events: NewEvent[] = [envelope('PatientRegistered', {
    patientId,
    sourceSystem: 'bench',
    sourceId: patientId,
    name: { given: [`Given${index}`], family: `Family${index % 500}` },
    gender: index % 2 === 0 ? 'female' : 'male',
    birthDate: '1970-01-01',
    deceasedAt: null,
    address: { line: ['1 Bench Rd'], city: 'Toronto', province: 'ON', postalCode: 'M5V 1A1', country: 'CA' },
    phone: null,
    preferredLanguage: 'en',
    registeredAt: '2026-01-01T00:00:00.000Z',
  })];
  for (let observation = 1; observation < eventsPerPatient; observation++) {
    events.push(envelope('ObservationRecorded', {
      patientId,
      observationId: `${patientId}-${observation}`,
      category: 'vital-signs',
      code: { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' },
      value: { quantity: 50 + (observation % 60), unit: '/min', text: null, components: [] },
      effectiveAt: new Date(Date.UTC(2025, 0, 1) + observation * 60_000).toISOString(),
      recordedAt: '2026-01-01T00:00:00.000Z',
    }));
  }
  await store.appendToStream(`patient-${patientId}`, events, 'no_stream');
}

function envelope(type: string, data: unknown): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, correlationId: randomUUID(), causationId: null, actor: { id: 'bench', role: 'system' } };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
