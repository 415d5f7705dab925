import { ValidationError } from '../../domain/shared/errors';
import { eventRegistry } from '../event-store/event-registry';
import type { EventStore, StoredEvent } from '../event-store/event-store.port';
import type { SqlClient } from '../sql/sql-client';
import { PHI_KEY_FIELD } from '../crypto/phi-event-codec';
import { summarize } from './plain-language';

// A patient's journey as it stood at a point in the past: every event that belongs to them, up to
// a global position or a time, as a timeline of plain-language entries.
//
// An event belongs to a patient when its data names them (`patientId`), or when it names no
// patient and its stream's latest earlier event that names one is theirs (a triage answer in the
// session the patient started). This is the same rule the event store uses to pick the key that
// encrypts the event's PHI. Audit streams are left out: the accesses are searched separately.

// NOTE: finding a patient's streams scans the data of every stored event, because es_events has
// no index on the patient; on a large store the journey takes seconds. With EventStoreDB as the
// event store there is no es_events table, so the journey and the export fail there.

export interface JourneyQuery {
  patientId: string;
  /** Only events at or before this global position. */
  asOfPosition?: bigint;
  /** Only events recorded at or before this time. */
  asOf?: Date;
}

export interface JourneyEntry {
  position: string;
  recordedAt: string;
  type: string;
  streamId: string;
  summary: string;
  /** The event's PHI values, decrypted; `{ "$phi": "erased" }` values once the patient was erased. */
  phi?: Record<string, unknown>;
}

export async function patientEvents(store: EventStore, sql: SqlClient, patientId: string): Promise<StoredEvent[]> {
  const { rows } = await sql.query<{ stream_id: string }>(
    `select distinct stream_id from es_events
     where (data->>'patientId' = $1 or data->>'${PHI_KEY_FIELD}' = $1) and stream_id not like 'audit-%'`,
    [patientId],
  );

  const events: StoredEvent[] = [];
  for (const { stream_id: streamId } of rows) {
    let owner: string | undefined;
    for (const event of await store.readStream(streamId)) {
      const named = (event.data as { patientId?: unknown }).patientId;
      if (typeof named === 'string') owner = named;
      if (owner === patientId) events.push(event);
    }
  }
  return events.sort((a, b) => {
    if (a.globalPosition === b.globalPosition) return 0;
    return a.globalPosition < b.globalPosition ? -1 : 1;
  });
}

export async function replayJourney(store: EventStore, sql: SqlClient, query: JourneyQuery): Promise<JourneyEntry[]> {
  if (query.asOf && Number.isNaN(query.asOf.getTime())) {
    throw ValidationError.forField('asOf', 'must be an ISO 8601 date-time');
  }

  const events = (await patientEvents(store, sql, query.patientId)).filter(
    (event) =>
      (query.asOfPosition === undefined || event.globalPosition <= query.asOfPosition) &&
      (query.asOf === undefined || event.recordedAt.getTime() <= query.asOf.getTime()),
  );
  return events.map(toEntry);
}

function toEntry(event: StoredEvent): JourneyEntry {
  const entry: JourneyEntry = {
    position: event.globalPosition.toString(),
    recordedAt: new Date(event.recordedAt).toISOString(),
    type: event.type,
    streamId: event.streamId,
    summary: summarize(event),
  };

  const phiFields = eventRegistry.find(event.type)?.phiFields ?? [];
  if (phiFields.length > 0) {
    entry.phi = Object.fromEntries(phiFields.map((path) => [path, valueAt(event.data, path)]));
  }
  return entry;
}

function valueAt(data: unknown, path: string): unknown {
  let node = data;
  for (const key of path.replace(/\[\]/g, '').split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
