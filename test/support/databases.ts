import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { PGliteClient } from '../../infra/sql/pglite-client';
import { PostgresClient } from '../../infra/sql/postgres-client';
import type { SqlClient } from '../../infra/sql/sql-client';

/**
 * The PostgreSQL server for service-backed suites, from DATABASE_URL. Under CI=true a missing
 * server is an error, so a suite that needs it fails instead of passing by skipping.
 */
export function postgresUrlForTests(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('DATABASE_URL is not set, and CI=true requires the PostgreSQL suites; run scripts/services.sh first');
  }
  return url;
}

/** `describe` when PostgreSQL is configured, otherwise a skip that says why. */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  const url = postgresUrlForTests();
  if (url) {
    describe(name, () => body(url));
  } else {
    describe.skip(`${name} (skipped: DATABASE_URL is not set; scripts/services.sh starts PostgreSQL)`, () => {
      it('needs PostgreSQL', () => undefined);
    });
  }
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server, so a suite sees only its own events. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `ohip_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await dropDatabase(serverUrl, name);
    },
  };
}

export interface TestSql {
  sql: SqlClient;
  dispose(): Promise<void>;
}

export async function openPGliteForTests(): Promise<TestSql> {
  const sql = await PGliteClient.open();
  return { sql, dispose: () => sql.close() };
}

export async function openPostgresForTests(serverUrl: string, maxConnections = 20): Promise<TestSql & { url: string }> {
  const database = await createScratchDatabase(serverUrl);
  const sql = PostgresClient.fromUrl(database.url, maxConnections);
  return {
    sql,
    url: database.url,
    async dispose() {
      await sql.close();
      await database.drop();
    },
  };
}

// "with (force)" ends the database's sessions, but PostgreSQL refuses when one of them is an
// autovacuum worker the application role may not signal; such a worker finishes within moments.
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const cleanup = new Client({ connectionString: serverUrl });
  await cleanup.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  } finally {
    await cleanup.end();
  }
}
