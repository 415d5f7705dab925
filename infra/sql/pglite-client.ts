import { parse, PGlite, protocol, type Results } from '@electric-sql/pglite';

import type { QueryOptions, QueryResult, SqlClient, SqlExecutor } from './sql-client';

/** Maximum time queued statements run before HTTP and timers get a turn of the event loop. */
const MAX_BUSY_MS = 10;

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface PreparedStatement {
  text: string;
  parameterTypes: number[];
  /** The statement's row description, which parseResults needs in front of the data rows. */
  rowDescription: BackendMessage[];
  /**
   * The parsers of the result's column types only. parseResults copies the parser table it is
   * given on every call, and PGlite's full table (300 types) took about 80 µs to copy on a 2-core VM.
   */
  parsers: PGlite['parsers'];
}

/**
 * SqlClient over PGlite, PostgreSQL compiled to WebAssembly and run in this process. It has one
 * connection, so transactions are serialized here: a second transaction waits for the first.
 */
export class PGliteClient implements SqlClient {
  readonly kind = 'pglite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private busySince = performance.now();
  private readonly prepared = new Map<string, PreparedStatement>();

  private constructor(private readonly db: PGlite) {}

  /** Opens the database persisted under `dataDirectory`, or in memory when it is undefined. */
  static async open(dataDirectory?: string, extensions: Record<string, unknown> = {}): Promise<PGliteClient> {
    const db = await PGlite.create(dataDirectory, { extensions: extensions as never });
    return new PGliteClient(db);
  }

  query<Row>(text: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
    return this.serialize(() => this.run<Row>(text, params, options));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serialize(() =>
      this.db.transaction(async (tx) =>
        work({
          query: async <Row>(text: string, params?: unknown[], options?: QueryOptions) => {
            if (options?.preparedName) {
              return this.runPrepared<Row>(options.preparedName, text, params ?? []);
            }
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

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.db.close();
  }

  private async run<Row>(text: string, params: unknown[] | undefined, options: QueryOptions | undefined): Promise<QueryResult<Row>> {
    if (options?.preparedName) {
      return this.runPrepared<Row>(options.preparedName, text, params ?? []);
    }
    const result = await this.db.query<Row>(text, params);
    return { rows: result.rows, affectedRows: result.affectedRows };
  }

  // PGlite's query() parses and plans its statement on every call, and for the event store's
  // append that cost more than the insert itself. A named statement is parsed once per
  // database, and after five runs PostgreSQL switches it to one generic plan unless that plan
  // looks costlier. Each run sends bind, execute and sync in one message.
  private async runPrepared<Row>(name: string, text: string, params: unknown[]): Promise<QueryResult<Row>> {
    const statement = this.prepared.get(name) ?? (await this.prepare(name, text));
    if (statement.text !== text) {
      throw new Error(`prepared statement ${name} was already prepared with a different text`);
    }

    const values = params.map((value, index) => this.serializeParameter(value, statement.parameterTypes[index]));
    const messages = await this.db.runExclusive(() =>
      this.db.execProtocolStream(joinMessages(protocol.serialize.bind({ statement: name, values }), protocol.serialize.execute({}), protocol.serialize.sync()), {
        syncToFs: !this.db.isInTransaction(),
      }),
    );

    const [result] = parse.parseResults([...statement.rowDescription, ...messages], statement.parsers) as Results<Row>[];
    return { rows: result?.rows ?? [], affectedRows: result?.affectedRows };
  }

  private async prepare(name: string, text: string): Promise<PreparedStatement> {
    const messages = await this.db.runExclusive(() =>
      this.db.execProtocolStream(
        joinMessages(protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()),
        { syncToFs: false },
      ),
    );
    const rowDescription = messages.filter((message) => message.name === 'rowDescription');
    const columnTypes = rowDescription.flatMap((message) => (message as unknown as { fields: { dataTypeID: number }[] }).fields.map((field) => field.dataTypeID));
    const statement: PreparedStatement = {
      text,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      rowDescription,
      parsers: Object.fromEntries(columnTypes.filter((type) => this.db.parsers[type]).map((type) => [type, this.db.parsers[type]!])),
    };
    this.prepared.set(name, statement);
    return statement;
  }

  private serializeParameter(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) {
      return null;
    }
    const serializer = type === undefined ? undefined : this.db.serializers[type];
    return serializer ? serializer(value) : String(value);
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

function joinMessages(...messages: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    joined.set(message, offset);
    offset += message.length;
  }
  return joined;
}
