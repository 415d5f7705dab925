import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

// Throw-away databases on a PostgreSQL server, for test suites and benchmarks that must see only
// their own events. The application role needs CREATEDB (scripts/services.sh grants it).

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string, label = 'test'): Promise<ScratchDatabase> {
  const name = `ohip_${label}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(serverUrl, name) };
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
