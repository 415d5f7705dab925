import type { Projection } from '../../projections/runner/projection';
import type { SqlExecutor } from '../../infra/sql/sql-client';

/** Every row of every table of a projection's schema, in key order, for equality checks. */
export async function dumpProjection(sql: SqlExecutor, projection: Projection, schema: string): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of projection.tables) {
    const { rows } = await sql.query(`select * from ${schema}.${table.name} order by ${table.orderBy}`);
    dump[table.name] = rows;
  }
  return dump;
}
