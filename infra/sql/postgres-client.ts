import { Pool, type PoolClient, type PoolConfig } from 'pg';

import type { QueryOptions, QueryResult, SqlClient, SqlExecutor } from './sql-client';

/** SqlClient over a node-postgres pool. */
export class PostgresClient implements SqlClient {
  readonly kind = 'postgresql' as const;
  private readonly pool: Pool;

  constructor(config: PoolConfig) {
    this.pool = new Pool(config);
    // An idle client that loses its connection must not crash the process; the next checkout
    // opens a fresh one.
    this.pool.on('error', () => undefined);
  }

  static fromUrl(connectionString: string, maxConnections = 20): PostgresClient {
    return new PostgresClient({ connectionString, max: maxConnections });
  }

  async query<Row>(text: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
    const result = await this.pool.query({ text, values: params as unknown[], name: options?.preparedName });
    return { rows: result.rows as Row[], affectedRows: result.rowCount ?? undefined };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await work(executorFor(client));
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function executorFor(client: PoolClient): SqlExecutor {
  return {
    async query<Row>(text: string, params?: unknown[], options?: QueryOptions) {
      const result = await client.query({ text, values: params as unknown[], name: options?.preparedName });
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? undefined };
    },
  };
}
