// One small SQL interface over node-postgres and PGlite, so the event store and the read models
// run the same SQL on the production server and in the embedded product.

export interface QueryResult<Row> {
  rows: Row[];
  affectedRows?: number;
}

export interface QueryOptions {
  /**
   * Prepares the statement under this name on each connection, so it is parsed once instead of
   * on every call. One name always stands for one statement text.
   */
  preparedName?: string;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: 'postgresql' | 'pglite';
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (schema set-up). */
  exec(script: string): Promise<void>;
  /**
   * Calls onMessage with the payload of every NOTIFY on `channel` by any process, from now on.
   * onGap runs after a lost connection is back, when notifications may have been missed. Only
   * PostgreSQL has it: PGlite serves one process, which makes every change itself.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onGap: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique or primary key violation. */
export const UNIQUE_VIOLATION = '23505';

export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function constraintOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error) {
    const constraint = (error as { constraint: unknown }).constraint;
    return typeof constraint === 'string' ? constraint : undefined;
  }
  return undefined;
}

/** int8 arrives as a string from node-postgres and as a number or bigint from PGlite. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'string') {
    return BigInt(value);
  }
  throw new TypeError(`expected an integer column value, got ${typeof value}`);
}
