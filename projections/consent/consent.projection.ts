import type { ConsentEvent } from '../../domain/consent';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// One row per consent directive, active or revoked. The access guard reads the active ones on
// every provider's PHI read, so the table is indexed by patient.

const CONSENT_EVENT_TYPES = new Set<string>(['ConsentDirectiveRecorded', 'ConsentDirectiveRevoked']);

export const consentProjection: Projection = {
  name: 'consent',
  version: 1,
  eventTypes: CONSENT_EVENT_TYPES,
  tables: [{ name: 'directives', orderBy: 'directive_id' }],

  createTables: (schema) => `
    create table ${schema}.directives (
      directive_id text primary key,
      patient_id text not null,
      category text not null,
      provider_id text,
      note text,
      status text not null check (status in ('active', 'revoked')),
      recorded_at timestamptz not null,
      recorded_by text not null,
      revoked_at timestamptz,
      revoked_by text
    );
  `,

  createIndexes: (schema) => `create index on ${schema}.directives (patient_id, status);`,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    for (const stored of events) {
      if (!CONSENT_EVENT_TYPES.has(stored.type)) continue;
      const event = stored as unknown as ConsentEvent;
      switch (event.type) {
        case 'ConsentDirectiveRecorded': {
          const { directiveId, patientId, category, providerId, note, recordedAt, recordedBy } = event.data;
          await tx.query(
            `insert into ${schema}.directives (directive_id, patient_id, category, provider_id, note, status, recorded_at, recorded_by)
             values ($1, $2, $3, $4, $5, 'active', $6, $7) on conflict (directive_id) do nothing`,
            [directiveId, patientId, category, providerId, typeof note === 'string' ? note : null, recordedAt, recordedBy],
          );
          break;
        }
        case 'ConsentDirectiveRevoked':
          await tx.query(`update ${schema}.directives set status = 'revoked', revoked_at = $2, revoked_by = $3 where directive_id = $1`, [
            event.data.directiveId,
            event.data.revokedAt,
            event.data.revokedBy,
          ]);
          break;
      }
    }
  },

  // The directives carry the patient's own note; an erased patient has no record left to withhold.
  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.directives where patient_id = $1`, [patientId]);
  },
};
