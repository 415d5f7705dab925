import { PGlite } from '@electric-sql/pglite';

import type { QueryResult, SqlClient, SqlExecutor } from './sql-client';

/** Maximum time queued statements run before HTTP and timers get a turn of the event loop. */
const MAX_BUSY_MS = 10;

/**
 * SqlClient over PGlite, PostgreSQL compiled to WebAssembly and run in this process. It has one
 * connection, so transactions are serialized here: a second transaction waits for the first.
 */
export class PGliteClient implements SqlClient {
  readonly kind = 'pglite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private busySince = performance.now();

  private constructor(private readonly db: PGlite) {}

  /** Opens the database persisted under `dataDirectory`, or in memory when it is undefined. */
  static async open(dataDirectory?: string, extensions: Record<string, unknown> = {}): Promise<PGliteClient> {
    const db = await PGlite.create(dataDirectory, { extensions: extensions as never });
    return new PGliteClient(db);
  }

  query<Row>(text: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return this.serialize(async () => {
      const result = await this.db.query<Row>(text, params);
      return { rows: result.rows, affectedRows: result.affectedRows };
    });
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serialize(() =>
      this.db.transaction(async (tx) =>
        work({
          async query<Row>(text: string, params?: unknown[]) {
            const result = await tx.query<Row>(text, params);
            return { rows: result.rows, affectedRows: result.affectedRows };
          },
        }),
      ),
    );
  }

  exec(script: string): Promise<void> {
    return this.serialize(async () => {
      await this.db.exec(script);
    });
  }

  private yieldWhenBusy(): Promise<void> | undefined {
    if (performance.now() - this.busySince < MAX_BUSY_MS) {
      return undefined;
    }
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.busySince = performance.now();
        resolve();
      }),
    );
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.db.close();
  }

  // PGlite runs one statement at a time, and queueing here keeps a plain query from slipping into
  // the middle of another caller's transaction. PGlite also works synchronously on this thread
  // and settles through microtasks, so a long queue (the start-up import) would keep HTTP
  // requests waiting. Every MAX_BUSY_MS the queue therefore pauses for one turn of the event loop.
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const pause = () => this.yieldWhenBusy();
    const next = this.queue.then(pause, pause).then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
