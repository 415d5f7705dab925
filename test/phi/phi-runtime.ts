import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pino from 'pino';

import { featureProjections } from '../../features';
import { loadConfig } from '../../infra/config/config';
import type { NewEvent } from '../../infra/event-store/event-store.port';
import { rootLogger } from '../../infra/observability/logger';
import { Runtime } from '../../infra/runtime/runtime';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import { coreProjections } from '../../projections';
import { createScratchDatabase, postgresUrlForTests } from '../support/databases';
import { newEvent } from '../support/events';

// A product runtime on PGlite, and on PostgreSQL when DATABASE_URL is set, seeded with a patient
// whose PHI carries marker strings that a test can search the whole database and the logs for.

export interface OpenedRuntime {
  runtime: Runtime;
  close(): Promise<void>;
}

export type RuntimeFactory = () => Promise<OpenedRuntime>;

export function runtimeFactories(): [string, RuntimeFactory][] {
  const factories: [string, RuntimeFactory][] = [['pglite', () => openRuntime({})]];
  const url = postgresUrlForTests();
  if (url) {
    factories.push([
      'postgresql',
      async () => {
        const database = await createScratchDatabase(url);
        const opened = await openRuntime({ OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: database.url });
        return { runtime: opened.runtime, close: async () => { await opened.close(); await database.drop(); } };
      },
    ]);
  }
  return factories;
}

async function openRuntime(environment: Record<string, string>): Promise<OpenedRuntime> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-phi-'));
  const config = loadConfig({
    OHIP_DATA_DIR: dataDirectory,
    OHIP_IMPORT_SHARED_DATA: 'false',
    OHIP_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...environment,
  });
  const runtime = await Runtime.open(config, pino({ level: 'silent' }), [...coreProjections, ...featureProjections]);
  await runtime.startProjections();
  return {
    runtime,
    async close() {
      await runtime.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** Marker strings unlikely to occur anywhere else; each stands for one kind of PHI. */
export interface PatientMarkers {
  patientId: string;
  givenName: string;
  familyName: string;
  healthCardNumber: string;
  complaintText: string;
  answerText: string;
}

export function newMarkers(): PatientMarkers {
  const tag = randomUUID().replace(/-/g, '').slice(0, 10);
  return {
    patientId: `phi-${tag}`,
    givenName: `Zelphine${tag}`,
    familyName: `Quorridge${tag}`,
    healthCardNumber: `9${tag.replace(/[a-f]/g, '7')}`,
    complaintText: `sharpmarker pain behind the knee ${tag}`,
    answerText: `answermarker three days ${tag}`,
  };
}

/** Appends the patient's registration and a triage session with free text, as the commands would. */
export async function seedMarkedPatient(runtime: Runtime, markers: PatientMarkers): Promise<{ sessionId: string; lastPosition: bigint }> {
  await runtime.store.appendToStream(`patient-${markers.patientId}`, [registration(markers)], 'no_stream');

  const sessionId = randomUUID();
  const started = newEvent({
    type: 'TriageStarted',
    data: {
      sessionId,
      patientId: markers.patientId,
      startedAt: '2026-03-01T10:00:00.000Z',
      locale: 'en',
      age: 41,
      sex: 'female',
      complaintId: 'knee-pain',
      complaintText: markers.complaintText,
      complaintSource: 'classified',
      classifierVersion: 'test',
    },
  });
  await runtime.store.appendToStream(`triage-${sessionId}`, [started], 'no_stream');
  // A triage answer names no patient; the store finds it from the session's first event.
  const answered = newEvent({
    type: 'SymptomReported',
    data: { sessionId, questionId: 'duration', answer: markers.answerText, reportedAt: '2026-03-01T10:01:00.000Z' },
  });
  const result = await runtime.store.appendToStream(`triage-${sessionId}`, [answered], 1n);
  return { sessionId, lastPosition: result.lastPosition };
}

function registration(markers: PatientMarkers): NewEvent {
  return newEvent({
    type: 'PatientRegistered',
    data: {
      patientId: markers.patientId,
      sourceSystem: 'ohip-health-card',
      sourceId: markers.healthCardNumber,
      name: { given: [markers.givenName], family: markers.familyName },
      gender: 'female',
      birthDate: '1985-04-12',
      deceasedAt: null,
      address: { line: ['12 Marker Lane'], city: 'Kingston', province: 'ON', postalCode: 'K7L3N6', country: 'CA' },
      phone: '613-555-0199',
      preferredLanguage: 'en',
      registeredAt: '2026-03-01T09:00:00.000Z',
    },
  });
}

/** Searches every text, JSON and bytea column of every table; returns the schema.table.column names where `needle` occurs. */
export async function findInDatabase(sql: SqlExecutor, needle: string): Promise<string[]> {
  const { rows: columns } = await sql.query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    `select c.table_schema, c.table_name, c.column_name, c.data_type
     from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
       and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY')`,
  );

  const hits: string[] = [];
  for (const column of columns) {
    const table = `"${column.table_schema}"."${column.table_name}"`;
    const value = column.data_type === 'bytea' ? `encode("${column.column_name}", 'escape')` : `"${column.column_name}"::text`;
    const { rows } = await sql.query<{ n: number }>(`select count(*)::int as n from ${table} where ${value} ilike $1`, [`%${needle}%`]);
    if ((rows[0]?.n ?? 0) > 0) hits.push(`${column.table_schema}.${column.table_name}.${column.column_name}`);
  }
  return hits;
}

/** Collects every log line the product writes until `stop` is called. */
export function captureLogs(): { lines: string[]; stop(): void } {
  const stream = (rootLogger as unknown as Record<symbol, { write(chunk: string): boolean }>)[pino.symbols.streamSym];
  const original = stream.write;
  const previousLevel = rootLogger.level;
  const lines: string[] = [];
  stream.write = (chunk: string) => {
    lines.push(chunk);
    return true;
  };
  rootLogger.level = 'trace';
  return {
    lines,
    stop() {
      stream.write = original;
      rootLogger.level = previousLevel;
    },
  };
}
