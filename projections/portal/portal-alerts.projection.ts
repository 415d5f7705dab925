import { alertFrom, type PortalAlert, type ProviderAlertAcknowledged } from '../../domain/portal/alerts';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// The provider portal's alerts: escalations from check-ins and critical triage results, each
// linked to its patient, and each provider's acknowledgements. Which providers see an alert is
// decided when it is read, from the patient's current appointments, so a provider who takes the
// patient on later also sees what is still open.

export const portalAlertsProjection: Projection = {
  name: 'portal',
  version: 1,
  eventTypes: new Set(['TriageStarted', 'TriageAssessed', 'EscalationRaised', 'ProviderAlertAcknowledged']),
  tables: [
    { name: 'triage_patients', orderBy: 'session_id' },
    { name: 'alerts', orderBy: 'alert_id' },
    { name: 'acknowledgements', orderBy: 'alert_id, provider_id' },
  ],

  createTables: (schema) => `
    create table ${schema}.triage_patients (
      session_id text primary key,
      patient_id text not null
    );
    create table ${schema}.alerts (
      alert_id text primary key,
      kind text not null,
      patient_id text not null,
      code text not null,
      priority text not null,
      raised_at timestamptz not null,
      position bigint not null
    );
    create table ${schema}.acknowledgements (
      alert_id text not null,
      provider_id text not null,
      acknowledged_at timestamptz not null,
      primary key (alert_id, provider_id)
    );
  `,

  createIndexes: (schema) => `
    create index on ${schema}.alerts (patient_id, raised_at desc);
    create index on ${schema}.triage_patients (patient_id);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    // A session's start and its assessment can arrive in one batch, so sessions go in first.
    const sessions = events
      .filter((event) => event.type === 'TriageStarted' && typeof (event.data as { patientId?: unknown }).patientId === 'string')
      .map((event) => ({ session_id: (event.data as { sessionId: string }).sessionId, patient_id: (event.data as { patientId: string }).patientId }));
    if (sessions.length > 0) {
      await tx.query(
        `insert into ${schema}.triage_patients select * from jsonb_to_recordset($1::jsonb) as r(session_id text, patient_id text) on conflict do nothing`,
        [JSON.stringify(sessions)],
      );
    }

    const alerts: (PortalAlert & { position: string })[] = [];
    for (const event of events) {
      const patientId = event.type === 'TriageAssessed' ? await triagePatient(tx, schema, (event.data as { sessionId: string }).sessionId) : undefined;
      const alert = alertFrom(event, patientId);
      if (alert) alerts.push({ ...alert, position: event.globalPosition.toString() });
    }
    if (alerts.length > 0) {
      await tx.query(
        `insert into ${schema}.alerts (alert_id, kind, patient_id, code, priority, raised_at, position)
         select "alertId", kind, "patientId", code, priority, "raisedAt", position
         from jsonb_to_recordset($1::jsonb) as r("alertId" text, kind text, "patientId" text, code text, priority text, "raisedAt" timestamptz, position bigint)
         on conflict (alert_id) do nothing`,
        [JSON.stringify(alerts)],
      );
    }

    const acknowledged = events.filter((event) => event.type === 'ProviderAlertAcknowledged').map((event) => (event.data as ProviderAlertAcknowledged['data']));
    if (acknowledged.length > 0) {
      await tx.query(
        `insert into ${schema}.acknowledgements (alert_id, provider_id, acknowledged_at)
         select "alertId", "providerId", "acknowledgedAt" from jsonb_to_recordset($1::jsonb) as r("alertId" text, "providerId" text, "acknowledgedAt" timestamptz)
         on conflict do nothing`,
        [JSON.stringify(acknowledged)],
      );
    }
  },

  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.acknowledgements where alert_id in (select alert_id from ${schema}.alerts where patient_id = $1)`, [patientId]);
    await tx.query(`delete from ${schema}.alerts where patient_id = $1`, [patientId]);
    await tx.query(`delete from ${schema}.triage_patients where patient_id = $1`, [patientId]);
  },
};

async function triagePatient(tx: SqlExecutor, schema: string, sessionId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ patient_id: string }>(`select patient_id from ${schema}.triage_patients where session_id = $1`, [sessionId]);
  return rows[0]?.patient_id;
}
