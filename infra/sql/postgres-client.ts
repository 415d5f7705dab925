import { Socket } from 'node:net';

import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';

import type { QueryOptions, QueryResult, SqlClient, SqlExecutor } from './sql-client';

/** How long a lost LISTEN connection waits before it connects again. */
const LISTEN_RETRY_MS = 1_000;

/** SqlClient over a node-postgres pool. */
export class PostgresClient implements SqlClient {
  readonly kind = 'postgresql' as const;
  private readonly pool: Pool;

  constructor(private readonly config: PoolConfig) {
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

  // A LISTEN keeps its connection for good, so it gets its own client instead of a pooled one.
  // A lost connection is opened again after LISTEN_RETRY_MS, and onGap runs once it listens.
  async listen(channel: string, onMessage: (payload: string) => void, onGap: () => void): Promise<() => Promise<void>> {
    let current: Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;

    const reconnect = () => {
      if (stopped || retry) return;
      retry = setTimeout(() => {
        retry = undefined;
        connect(true).catch(reconnect);
      }, LISTEN_RETRY_MS);
    };
    const connect = async (afterGap: boolean) => {
      // The socket is unref'd, so a listener alone does not keep a finished process alive.
      const next = new Client({ ...this.config, stream: () => new Socket().unref() });
      // The error listener stays on a retired client too: an 'error' without one ends the process.
      const lost = () => {
        if (current !== next) return;
        current = undefined;
        reconnect();
      };
      next.on('error', lost);
      next.on('end', lost);
      next.on('notification', (message) => {
        if (current === next && message.channel === channel) onMessage(message.payload ?? '');
      });
      try {
        await next.connect();
        current = next;
        await next.query(`listen ${escapeIdentifier(channel)}`);
      } catch (error) {
        current = undefined;
        await next.end().catch(() => undefined);
        throw error;
      }
      if (stopped) {
        current = undefined;
        await next.end().catch(() => undefined);
        return;
      }
      if (afterGap) onGap();
    };

    await connect(false);
    return async () => {
      stopped = true;
      clearTimeout(retry);
      const last = current;
      current = undefined;
      await last?.end().catch(() => undefined);
    };
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

function escapeIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
