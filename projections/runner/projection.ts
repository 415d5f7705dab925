import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';

/**
 * A read model built from the event stream. Its tables live in their own PostgreSQL schema, so a
 * rebuild can fill a second schema and swap the two by renaming.
 */
export interface Projection {
  /** Lower-case letters, digits and "_"; names the schema rm_<name>. */
  readonly name: string;
  /** Bump it when the tables or the apply logic change; the runner then rebuilds from 0. */
  readonly version: number;
  /** SQL that creates the projection's tables inside `schema`. */
  createTables(schema: string): string;
  /**
   * SQL that creates the secondary indexes. A rebuild runs it after loading every event, which is
   * much faster than maintaining the indexes row by row; a fresh live schema runs it at once.
   */
  createIndexes?(schema: string): string;
  /**
   * Applies a batch of events, in global order, inside the transaction that also moves the
   * checkpoint. It must not throw for events it does not handle.
   */
  apply(tx: SqlExecutor, schema: string, events: StoredEvent[]): Promise<void>;
  /**
   * The event types apply acts on. When given, apply receives only events of these types, a batch
   * with none of them costs no transaction, and an append of other types does not wake the
   * projection. A type missing here is never applied, so list every type apply reads.
   */
  readonly eventTypes?: ReadonlySet<string>;
  /**
   * How long the projection waits after an append wakes it before it reads, so a stream of
   * appends is applied in fewer, larger transactions. The read model trails by up to this long.
   */
  readonly lingerMs?: number;
  /**
   * Deletes, or unlinks, every row of one patient from the tables in `schema`, for the patient's
   * erasure. A projection that holds PHI or links rows to a patient implements it; the events stay
   * and read back with their PHI erased, so apply must also skip or blank erased values.
   */
  purgePatient?(tx: SqlExecutor, schema: string, patientId: string): Promise<void>;
  /** Tables to compare when checking a rebuild against the live read model, with their key. */
  readonly tables: readonly { name: string; orderBy: string }[];
}

export const liveSchema = (projection: Projection) => `rm_${projection.name}`;
export const rebuildSchema = (projection: Projection) => `rm_${projection.name}_rebuild`;
