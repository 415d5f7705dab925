import { PGliteClient } from '../../infra/sql/pglite-client';
import { createScratchDatabase, type ScratchDatabase } from '../../infra/sql/scratch-database';
import { PostgresClient } from '../../infra/sql/postgres-client';
import type { SqlClient } from '../../infra/sql/sql-client';

/**
 * Returns the PostgreSQL server for service-backed suites, from DATABASE_URL. Under CI=true a missing
 * server is an error, so a suite that needs it fails instead of passing by skipping.
 */
export function postgresUrlForTests(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('DATABASE_URL is not set, and CI=true requires the PostgreSQL suites; run scripts/services.sh first');
  }
  return url;
}

/** Runs `describe` when PostgreSQL is configured, otherwise a skip whose title gives the reason. */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  const url = postgresUrlForTests();
  if (url) {
    describe(name, () => body(url));
  } else {
    // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
    describe.skip(`${name} (skipped: DATABASE_URL is not set; scripts/services.sh starts PostgreSQL)`, () => {
      it('needs PostgreSQL', () => undefined);
    });
  }
}

export { createScratchDatabase, type ScratchDatabase };

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

