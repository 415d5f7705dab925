import { liveSchema } from '../../projections/runner/projection';
import { providerDirectoryProjection } from '../../projections/directory/provider-directory.projection';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import { PGliteClient } from '../../infra/sql/pglite-client';
import type { SqlClient } from '../../infra/sql/sql-client';

/**
 * An in-memory PGlite with the cube and earthdistance extensions, as the runtime opens it.
 * PGlite only installs extensions into a database with a data directory, hence memory://.
 */
export async function openPGliteWithEarthDistance(): Promise<SqlClient> {
  const { cube } = require('@electric-sql/pglite/contrib/cube') as { cube: unknown };
  const { earthdistance } = require('@electric-sql/pglite/contrib/earthdistance') as { earthdistance: unknown };
  return PGliteClient.open('memory://', { cube, earthdistance });
}

/** Creates the live directory schema and applies the events in one batch, as the runner would. */
export async function buildDirectory(sql: SqlClient, events: StoredEvent[]): Promise<void> {
  const schema = liveSchema(providerDirectoryProjection);
  await sql.exec(`drop schema if exists ${schema} cascade; create schema ${schema}; ${providerDirectoryProjection.createTables(schema)}`);
  await sql.transaction((tx) => providerDirectoryProjection.apply(tx, schema, events));
}
