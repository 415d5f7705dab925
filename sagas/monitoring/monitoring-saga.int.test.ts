import { randomUUID } from 'node:crypto';

import pino from 'pino';

import { SetContactPreferencesHandler, SetContactPreferencesCommand } from '../../commands/monitoring/contact-preferences-commands';
import { loadEscalationRuleFiles } from '../../commands/monitoring/escalation-rule-files';
import { AnswerCheckInCommand, AnswerCheckInHandler, StartMonitoringPlanCommand, StartMonitoringPlanHandler } from '../../commands/monitoring/monitoring-commands';
import { monitoringStream } from '../../commands/monitoring/monitoring-streams';
import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import { ConflictError } from '../../domain/shared/errors';
import { repositoryPath } from '../../infra/config/shared-data';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { ContactDirectory } from '../../infra/notifications/contact-directory';
import { SqlNotificationOutbox } from '../../infra/notifications/sql-outbox';
import type { SqlClient } from '../../infra/sql/sql-client';
import { SqlTimerService } from '../../infra/timers/sql-timer-service';
import { monitoringProjection } from '../../projections/monitoring/monitoring.projection';
import { patientsProjection } from '../../projections/patients/patients.projection';
import { ProjectionRunner } from '../../projections/runner/projection-runner';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { SagaRunner } from '../runner/saga-runner';
import { MonitoringSaga } from './monitoring-saga';

// The check-in schedule on durable timers, on PGlite with a clock the test moves: a plan's first
// check-in is sent when its timer fires, in the patient's language and channel, the next one is
// scheduled, an unanswered one is marked missed when its window closes, and an escalation
// reaches the care team. Replaying every event after a crash stores and sends nothing twice.

const silent = pino({ level: 'silent' });
const HOUR = 3_600_000;
const RULES = loadEscalationRuleFiles(repositoryPath('config/monitoring-rules'));

interface Harness {
  store: SqlEventStore;
  sql: SqlClient;
  timers: SqlTimerService;
  outbox: SqlNotificationOutbox;
  saga: SagaRunner;
  projections: ProjectionRunner[];
  repository: AggregateRepository;
}

let database: TestSql;
let harness: Harness;
const clock = { now: new Date() };

async function startSaga(sql: SqlClient, store: SqlEventStore) {
  const read = () => clock.now;
  const timers = await SqlTimerService.open(sql, silent, { clock: read });
  const outbox = await SqlNotificationOutbox.open(sql, read);
  const contacts = new ContactDirectory(store, sql, { email: 'care-team@clinic.example.test' });
  const monitoring = new MonitoringSaga({ store, timers, notifications: outbox, contacts, clock: read, logger: silent, publicUrl: 'https://ohip.example.test' });
  monitoring.registerTimers();
  const saga = new SagaRunner(store, sql, monitoring, silent, { firstRetryDelayMs: 1 });
  await saga.start();
  return { timers, outbox, saga };
}

beforeAll(async () => {
  database = await openPGliteForTests();
  const store = await SqlEventStore.create(database.sql, { pollIntervalMs: 20 });
  const projections = [patientsProjection, monitoringProjection].map((projection) => new ProjectionRunner(store, database.sql, projection, silent));
  for (const projection of projections) await projection.start();
  harness = { store, sql: database.sql, projections, repository: new AggregateRepository(store), ...(await startSaga(database.sql, store)) };
});

beforeEach(() => {
  clock.now = new Date();
});

afterAll(async () => {
  for (const runner of [harness.saga, ...harness.projections]) await runner.stop();
  await database.dispose();
});

function context(): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { id: 'test', role: 'system' }, receivedAt: clock.now.toISOString() };
}

async function settle(): Promise<void> {
  for (;;) {
    const head = await harness.store.headPosition();
    await Promise.all([harness.saga, ...harness.projections].map((runner) => runner.waitFor(head)));
    if ((await harness.store.headPosition()) === head) return;
  }
}

/** Moves the clock, fires the timers due by then and waits for everything they caused. */
async function advance(hours: number): Promise<void> {
  clock.now = new Date(clock.now.getTime() + hours * HOUR);
  await harness.timers.fireDue();
  await settle();
}

async function startPlan(patientId: string, conditionCode: string) {
  const journeyId = `journey-${randomUUID()}`;
  const outcome = await new StartMonitoringPlanHandler(harness.repository).execute(new StartMonitoringPlanCommand({ patientId, journeyId, conditionCode, startedAt: clock.now.toISOString() }, context()));
  await settle();
  return { ...outcome, journeyId };
}

async function streamTypes(patientId: string): Promise<string[]> {
  return (await harness.store.readStream(monitoringStream(patientId))).map((event) => event.type);
}

async function outboxFor(patientId: string) {
  return harness.outbox.listForPatient(patientId, 50);
}

function answer(checkInId: string, answers: Record<string, number | boolean>) {
  return new AnswerCheckInHandler(harness.repository, harness.sql, RULES).execute(new AnswerCheckInCommand({ checkInId, answers, answeredAt: clock.now.toISOString() }, context()));
}

describe('monitoring check-ins on durable timers', () => {
  it('sends a due check-in in French', async () => {
    const patientId = `patient-${randomUUID()}`;
    await new SetContactPreferencesHandler(harness.repository).execute(
      new SetContactPreferencesCommand({ patientId, channel: 'sms', language: 'fr', phone: '+16135550199', email: null, setAt: clock.now.toISOString() }, context()),
    );
    const plan = await startPlan(patientId, 'I50.9');
    expect(plan.condition).toBe('heart-failure');

    await advance(23);
    expect(await streamTypes(patientId)).toEqual(['MonitoringPlanStarted', 'CheckInScheduled']);

    await advance(1);
    expect(await streamTypes(patientId)).toEqual(['MonitoringPlanStarted', 'CheckInScheduled', 'CheckInSent', 'CheckInScheduled']);
    const [message] = await outboxFor(patientId);
    expect(message).toMatchObject({ idempotencyKey: `check-in-due/${plan.planId}.1`, category: 'check-in-due', channel: 'sms', language: 'fr' });
    expect(message!.body).toMatch(/^Votre suivi de santé est prêt\. Répondez avant le .+ : https:\/\/ohip\.example\.test\/app\/check-ins\//);
    expect(message!.body).not.toMatch(/heart|cardiaque|insuffisance/i);
  });

  it('marks unanswered check-ins missed', async () => {
    const patientId = `patient-${randomUUID()}`;
    const plan = await startPlan(patientId, 'heart-failure');
    await advance(24);
    await advance(12);
    expect((await streamTypes(patientId)).filter((type) => type === 'CheckInMissed')).toHaveLength(1);

    await advance(12);
    await answer(`${plan.planId}.2`, { weight_kg: 80, chest_pain: false });
    await advance(12);

    const types = await streamTypes(patientId);
    expect(types.filter((type) => type === 'CheckInMissed')).toHaveLength(1);
    expect(types.filter((type) => type === 'CheckInAnswered')).toHaveLength(1);
  });

  it('rejects answers to unsent check-ins', async () => {
    const patientId = `patient-${randomUUID()}`;
    const plan = await startPlan(patientId, 'copd');

    const refusal = await answer(`${plan.planId}.1`, { spo2: 95 }).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).extensions).toEqual({ checkInId: `${plan.planId}.1`, status: 'scheduled' });
    expect(await streamTypes(patientId)).toEqual(['MonitoringPlanStarted', 'CheckInScheduled']);
  });

  it('alerts the care team on NEWS2', async () => {
    const patientId = `patient-${randomUUID()}`;
    const plan = await startPlan(patientId, 'copd');
    await advance(24);

    const vitals = { respiratory_rate: 26, spo2: 89, on_supplemental_oxygen: false, systolic_bp: 120, pulse_bpm: 95, new_confusion: false, temperature_c: 37 };
    await answer(`${plan.planId}.1`, vitals);
    await settle();

    const events = await harness.store.readStream(monitoringStream(patientId));
    const scored = events.find((event) => event.type === 'News2Scored')!.data as { total: number; journeyId: string };
    const escalation = events.find((event) => event.type === 'EscalationRaised')!.data as Record<string, unknown>;
    const answered = events.find((event) => event.type === 'CheckInAnswered')!.data as Record<string, unknown>;
    expect(scored).toMatchObject({ total: 7, journeyId: plan.journeyId });
    expect(escalation).toMatchObject({ journeyId: plan.journeyId, ruleId: 'news2', action: 'URGENT_CALLBACK', priority: 'critical' });
    expect(answered).toMatchObject({ journeyId: plan.journeyId, patientId });

    const careTeam = (await outboxFor(patientId)).filter((message) => message.category === 'escalation');
    expect(careTeam.map((message) => message.idempotencyKey).sort()).toEqual([`escalation/${plan.planId}.1:low-oxygen-saturation`, `escalation/${plan.planId}.1:news2`].sort());
    expect(careTeam[0]).toMatchObject({ channel: 'email', language: 'en' });
  });

  it('repeats nothing on redelivery', async () => {
    const patientId = `patient-${randomUUID()}`;
    const plan = await startPlan(patientId, 'heart-failure');
    await advance(24);
    await answer(`${plan.planId}.1`, { chest_pain: true });
    await settle();
    const head = await harness.store.headPosition();
    const messages = (await outboxFor(patientId)).length;

    await harness.saga.stop();
    await harness.sql.query(`update saga_checkpoints set position = 0 where name = 'monitoring-check-ins'`);
    await harness.sql.query(`update scheduled_timers set status = 'scheduled', lease_until = null where timer_id like $1`, [`%${plan.planId}%`]);
    const restarted = await startSaga(harness.sql, harness.store);
    Object.assign(harness, restarted);
    await settle();
    await harness.timers.fireDue();
    await settle();

    expect(await harness.store.headPosition()).toBe(head);
    expect(await outboxFor(patientId)).toHaveLength(messages);
  });
});
