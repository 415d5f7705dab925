import type { MonitoringEvent } from '../../domain/monitoring';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// Monitoring plans and the state of their check-ins: routes an answer to its patient's stream
// and lets operations see check-ins that are due or missed. Answers and scores stay in the
// stream; the patient's monitoring endpoint folds it.

const HANDLED = new Set<string>(['MonitoringPlanStarted', 'CheckInScheduled', 'CheckInSent', 'CheckInAnswered', 'CheckInMissed']);

export const monitoringProjection: Projection = {
  name: 'monitoring',
  version: 1,
  eventTypes: HANDLED,
  tables: [
    { name: 'plans', orderBy: 'plan_id' },
    { name: 'check_ins', orderBy: 'check_in_id' },
  ],

  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.check_ins where patient_id = $1`, [patientId]);
    await tx.query(`delete from ${schema}.plans where patient_id = $1`, [patientId]);
  },

  createTables: (schema) => `
    create table ${schema}.plans (
      plan_id text primary key,
      patient_id text not null,
      journey_id text not null,
      condition text not null,
      started_at timestamptz not null,
      ends_at timestamptz not null
    );
    create index on ${schema}.plans (patient_id);
    create table ${schema}.check_ins (
      check_in_id text primary key,
      patient_id text not null,
      plan_id text,
      condition text not null,
      status text not null check (status in ('scheduled', 'sent', 'answered', 'missed')),
      due_at timestamptz not null,
      answer_by timestamptz not null,
      changed_at timestamptz not null
    );
    create index on ${schema}.check_ins (patient_id, due_at desc);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    for (const stored of events) {
      if (HANDLED.has(stored.type)) {
        await applyEvent(tx, schema, stored as unknown as MonitoringEvent);
      }
    }
  },
};

async function applyEvent(tx: SqlExecutor, schema: string, event: MonitoringEvent): Promise<void> {
  switch (event.type) {
    case 'MonitoringPlanStarted': {
      const { planId, patientId, journeyId, condition, startedAt, endsAt } = event.data;
      await tx.query(
        `insert into ${schema}.plans (plan_id, patient_id, journey_id, condition, started_at, ends_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (plan_id) do nothing`,
        [planId, patientId, journeyId, condition, startedAt, endsAt],
      );
      return;
    }
    case 'CheckInScheduled': {
      const { checkInId, patientId, planId, condition, dueAt, answerBy, scheduledAt } = event.data;
      await tx.query(
        `insert into ${schema}.check_ins (check_in_id, patient_id, plan_id, condition, status, due_at, answer_by, changed_at)
         values ($1, $2, $3, $4, 'scheduled', $5, $6, $7) on conflict (check_in_id) do nothing`,
        [checkInId, patientId, planId ?? null, condition, dueAt, answerBy, scheduledAt],
      );
      return;
    }
    case 'CheckInSent':
      return setStatus(tx, schema, event.data.checkInId, 'sent', event.data.sentAt);
    case 'CheckInAnswered':
      return setStatus(tx, schema, event.data.checkInId, 'answered', event.data.answeredAt);
    case 'CheckInMissed':
      return setStatus(tx, schema, event.data.checkInId, 'missed', event.data.missedAt);
    default:
      return;
  }
}

// A late answer to a missed check-in moves it to answered; nothing moves an answered one back.
async function setStatus(tx: SqlExecutor, schema: string, checkInId: string, status: string, at: string): Promise<void> {
  await tx.query(`update ${schema}.check_ins set status = $2, changed_at = $3 where check_in_id = $1 and status <> 'answered'`, [checkInId, status, at]);
}
