import type { PhiAccessRecordedData } from '../../domain/identity/audit-chain';
import type { Projection } from '../../projections/runner/projection';
import type { StoredEvent } from '../event-store/event-store.port';
import type { SqlExecutor } from '../sql/sql-client';

// Every recorded access to PHI, allowed or denied, searchable by patient, actor and time for the
// auditor API. It holds ids and codes only, so it is kept when a patient is erased: it is the
// evidence of who read their record.

export const auditAccessesProjection: Projection = {
  name: 'audit_accesses',
  version: 1,
  eventTypes: new Set(['PhiAccessRecorded']),
  // Every PHI read appends an entry, and a transaction per entry slowed the reads measurably
  // (bench/audit-overhead.ts). Each batch also holds up the reads that overlap it, so batches
  // are a second apart. An auditor's search may trail by that second, unless it waits for a
  // position, which ends the wait at once.
  lingerMs: 1_000,
  tables: [{ name: 'accesses', orderBy: 'global_position' }],

  createTables: (schema) => `
    create table ${schema}.accesses (
      global_position bigint primary key,
      patient_id text not null,
      sequence bigint not null,
      actor_id text not null,
      actor_role text not null,
      purpose text not null,
      resource text not null,
      route text,
      outcome text not null,
      break_glass boolean not null,
      correlation_id text not null,
      accessed_at timestamptz not null
    );
  `,

  createIndexes: (schema) => `
    create index on ${schema}.accesses (patient_id, accessed_at);
    create index on ${schema}.accesses (actor_id, accessed_at);
    create index on ${schema}.accesses (accessed_at);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    const accesses = events.filter((event) => event.type === 'PhiAccessRecorded');
    if (accesses.length === 0) return;

    const data = accesses.map((event) => event.data as PhiAccessRecordedData);
    await tx.query(
      `insert into ${schema}.accesses
         (global_position, patient_id, sequence, actor_id, actor_role, purpose, resource, route, outcome,
          break_glass, correlation_id, accessed_at)
       select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::boolean[], $11::text[], $12::timestamptz[])
       on conflict (global_position) do nothing`,
      [
        accesses.map((event) => event.globalPosition.toString()),
        data.map((entry) => entry.patientId),
        accesses.map((event) => event.streamVersion.toString()),
        data.map((entry) => entry.actorId),
        data.map((entry) => entry.actorRole),
        data.map((entry) => entry.purpose),
        data.map((entry) => entry.resource),
        data.map((entry) => entry.route ?? null),
        data.map((entry) => entry.outcome),
        data.map((entry) => entry.breakGlassReason !== undefined),
        data.map((entry) => entry.correlationId),
        data.map((entry) => entry.occurredAt),
      ],
      // Prepared, as it runs several times a second while PHI is read. The schema is part of
      // the name because a rebuild applies the same statement to a new schema.
      { preparedName: `${schema}_insert_accesses` },
    );
  },
};
