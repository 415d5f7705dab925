import { randomUUID } from 'node:crypto';

import pino from 'pino';

import { backfillStream, waitlistEntryStream } from '../../commands/scheduling/scheduling-streams';
import { AggregateRepository, toNewEvents } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import { patientDecider } from '../../domain/patients/patient';
import { backfillDecider, slotDecider, slotStreamName, waitlistEntryDecider, type Urgency } from '../../domain/scheduling';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { SqlNotificationOutbox } from '../../infra/notifications/sql-outbox';
import type { SqlClient } from '../../infra/sql/sql-client';
import { SqlTimerService } from '../../infra/timers/sql-timer-service';
import { patientsProjection } from '../../projections/patients/patients.projection';
import { ProjectionRunner } from '../../projections/runner/projection-runner';
import { schedulingProjections } from '../../projections/scheduling';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { SagaRunner } from '../runner/saga-runner';
import { BackfillSaga } from './backfill-saga';
import { RemindersSaga } from './reminders-saga';
import { ScheduleSlotsSaga } from './schedule-slots-saga';

// The backfill and reminder sagas on PGlite with a clock the test moves. Offers expire through
// durable timers, a decline moves to the next patient and an accept books. Reminders reach the
// outbox in the patient's language, and replaying the events after a crash repeats nothing.

const silent = pino({ level: 'silent' });
const HOUR = 3_600_000;

interface Harness {
  store: SqlEventStore;
  sql: SqlClient;
  timers: SqlTimerService;
  outbox: SqlNotificationOutbox;
  sagas: SagaRunner[];
  projections: ProjectionRunner[];
  clock: { now: Date };
  repository: AggregateRepository;
}

let database: TestSql;
let harness: Harness;

async function startSagas(sql: SqlClient, store: SqlEventStore, clock: { now: Date }) {
  const read = () => clock.now;
  const timers = await SqlTimerService.open(sql, silent, { clock: read });
  const outbox = await SqlNotificationOutbox.open(sql, read);
  const deps = { store, sql, timers, notifications: outbox, logger: silent };
  const backfill = new BackfillSaga({ ...deps, clock: read });
  const reminders = new RemindersSaga(deps);
  backfill.registerTimers();
  reminders.registerTimers();
  const sagas = [new ScheduleSlotsSaga(store, silent), backfill, reminders].map((saga) => new SagaRunner(store, sql, saga, silent, { firstRetryDelayMs: 1 }));
  for (const saga of sagas) await saga.start();
  return { timers, outbox, sagas };
}

beforeAll(async () => {
  database = await openPGliteForTests();
  const store = await SqlEventStore.create(database.sql, { pollIntervalMs: 20 });
  const projections = [patientsProjection, ...schedulingProjections].map((projection) => new ProjectionRunner(store, database.sql, projection, silent));
  for (const projection of projections) await projection.start();
  const clock = { now: new Date() };
  const started = await startSagas(database.sql, store, clock);
  harness = { store, sql: database.sql, projections, clock, repository: new AggregateRepository(store), ...started };
});

// Events are stamped with the real time when stored, and the backfill saga ignores slots freed
// longer ago than the offer window, so each test starts its clock at the real time.
beforeEach(() => {
  harness.clock.now = new Date();
});

afterAll(async () => {
  for (const runner of [...harness.sagas, ...harness.projections]) await runner.stop();
  await database.dispose();
});

function context(): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { id: 'test', role: 'system' }, receivedAt: harness.clock.now.toISOString() };
}

const operator = { id: 'test-operator', role: 'admin' as const };

async function settle(): Promise<void> {
  for (;;) {
    const head = await harness.store.headPosition();
    await Promise.all([...harness.sagas, ...harness.projections].map((runner) => runner.waitFor(head)));
    if ((await harness.store.headPosition()) === head) return;
  }
}

async function openAndBook(specialty: string, startsInHours: number, patientId: string) {
  const slotId = `slot-${randomUUID()}`;
  const now = harness.clock.now.toISOString();
  const startsAt = new Date(harness.clock.now.getTime() + startsInHours * HOUR).toISOString();
  const endsAt = new Date(Date.parse(startsAt) + 900_000).toISOString();
  await harness.repository.handle(slotStreamName(slotId), slotDecider, { type: 'OpenSlot', slotId, providerId: 'p-1', facilityId: 'f-1', specialty, startsAt, endsAt, mode: 'in-person', demo: false, now }, context(), { createsStream: true });
  const bookingId = randomUUID();
  await harness.repository.handle(slotStreamName(slotId), slotDecider, { type: 'BookSlot', slotId, bookingId, patientId, actor: operator, mayActForPatient: true, now }, context());
  return { slotId, bookingId };
}

async function cancel(slotId: string, bookingId: string) {
  const command = { type: 'CancelBooking' as const, slotId, bookingId, actor: operator, mayActForPatient: true, reason: 'patient-request' as const, now: harness.clock.now.toISOString() };
  await harness.repository.handle(slotStreamName(slotId), slotDecider, command, context());
}

async function waitlist(specialty: string, patientId: string, urgency: Urgency) {
  const entryId = randomUUID();
  const command = { type: 'JoinWaitlist' as const, entryId, patientId, specialty, urgency, actor: operator, mayActForPatient: true, now: harness.clock.now.toISOString() };
  await harness.repository.handle(waitlistEntryStream(entryId), waitlistEntryDecider, command, context(), { createsStream: true });
  return entryId;
}

async function registerPatient(preferredLanguage: 'en' | 'fr') {
  const patientId = randomUUID();
  const data = {
    patientId, sourceSystem: 'test', sourceId: patientId, name: { given: ['Test'], family: 'Patient' }, gender: 'unknown' as const,
    birthDate: '1970-01-01', deceasedAt: null, address: null, phone: null, preferredLanguage, registeredAt: harness.clock.now.toISOString(),
  };
  await harness.repository.handle(`patient-${patientId}`, patientDecider, { type: 'RegisterPatient', data }, context(), { createsStream: true });
  return patientId;
}

async function offersFor(slotId: string) {
  const { rows } = await harness.sql.query<{ offer_id: string; patient_id: string; status: string }>(
    'select offer_id, patient_id, status from rm_waitlist.offers where slot_id = $1 order by offered_at, offer_id',
    [slotId],
  );
  return rows;
}

async function answer(offerId: string, response: 'accept' | 'decline') {
  const backfillId = offerId.replace(/-offer-\d+$/, '');
  const message = { type: 'OfferAnswered' as const, offerId, answer: response, answeredAt: harness.clock.now.toISOString() };
  await harness.repository.handle(backfillStream(backfillId), backfillDecider, message, context());
}

async function outboxCount(): Promise<number> {
  const { rows } = await harness.sql.query<{ count: string }>('select count(*)::text as count from notification_outbox');
  return Number(rows[0]!.count);
}

describe('backfill saga', () => {
  it('offers down the waitlist until accepted', async () => {
    const specialty = `bf-${randomUUID().slice(0, 8)}`;
    const first = await waitlist(specialty, 'waiting-urgent', 'urgent');
    await waitlist(specialty, 'waiting-routine', 'routine');
    const third = await waitlist(specialty, 'waiting-non-urgent', 'non-urgent');
    const { slotId, bookingId } = await openAndBook(specialty, 72, 'original-patient');
    await settle();

    await cancel(slotId, bookingId);
    await settle();
    expect((await offersFor(slotId)).map((offer) => [offer.patient_id, offer.status])).toEqual([['waiting-urgent', 'offered']]);

    harness.clock.now = new Date(harness.clock.now.getTime() + 2 * HOUR + 60_000);
    await harness.timers.fireDue();
    await settle();
    const afterExpiry = await offersFor(slotId);
    expect(afterExpiry.map((offer) => [offer.patient_id, offer.status])).toEqual([['waiting-urgent', 'expired'], ['waiting-routine', 'offered']]);

    await answer(afterExpiry[1]!.offer_id, 'decline');
    await settle();
    const afterDecline = await offersFor(slotId);
    expect(afterDecline[2]).toMatchObject({ patient_id: 'waiting-non-urgent', status: 'offered' });

    await answer(afterDecline[2]!.offer_id, 'accept');
    await settle();
    const { rows: slot } = await harness.sql.query<{ patient_id: string }>('select patient_id from rm_slots.slots where slot_id = $1', [slotId]);
    expect(slot[0]!.patient_id).toBe('waiting-non-urgent');
    const { rows: entries } = await harness.sql.query<{ entry_id: string; status: string }>('select entry_id, status from rm_waitlist.entries where entry_id = any($1::text[]) order by entry_id', [[first, third]]);
    expect(Object.fromEntries(entries.map((entry) => [entry.entry_id, entry.status]))).toEqual({ [first]: 'waiting', [third]: 'fulfilled' });
    expect((await offersFor(slotId))[2]!.status).toBe('booked');
  });

  it('never fires the deadline of an offer that was answered', async () => {
    const specialty = `bf-${randomUUID().slice(0, 8)}`;
    await waitlist(specialty, 'quick-answer', 'urgent');
    const { slotId, bookingId } = await openAndBook(specialty, 72, 'someone');
    await cancel(slotId, bookingId);
    await settle();
    const [offer] = await offersFor(slotId);

    await answer(offer!.offer_id, 'decline');
    await settle();
    harness.clock.now = new Date(harness.clock.now.getTime() + 3 * HOUR);
    await harness.timers.fireDue();
    await settle();

    const { rows } = await harness.sql.query<{ status: string }>('select status from scheduled_timers where timer_id = $1', [`offer-deadline/${offer!.offer_id}`]);
    expect(rows[0]!.status).toBe('cancelled');
    expect((await offersFor(slotId)).map((each) => each.status)).toEqual(['declined']);
  });
});

describe('reminders saga', () => {
  it('sends each reminder once, in the patient language, when its timer is due', async () => {
    const patientId = await registerPatient('fr');
    const { slotId, bookingId } = await openAndBook(`rem-${randomUUID().slice(0, 8)}`, 72, patientId);
    await settle();

    harness.clock.now = new Date(harness.clock.now.getTime() + 24 * HOUR + 60_000);
    await harness.timers.fireDue();
    await harness.timers.fireDue();

    const { rows } = await harness.sql.query<{ notification_id: string; language: string; body: string }>(
      'select notification_id, language, body from notification_outbox where patient_id = $1',
      [patientId],
    );
    expect(rows.map((row) => row.notification_id)).toEqual([`reminder/${slotId}/${bookingId}-reminder-48h`]);
    expect(rows[0]!.language).toBe('fr');
    expect(rows[0]!.body).toMatch(/^Rappel/);
  });

  it('cancels the reminders of a cancelled appointment', async () => {
    const { slotId, bookingId } = await openAndBook(`rem-${randomUUID().slice(0, 8)}`, 72, 'cancelling-patient');
    await settle();
    await cancel(slotId, bookingId);
    await settle();

    harness.clock.now = new Date(harness.clock.now.getTime() + 72 * HOUR);
    await harness.timers.fireDue();

    const { rows } = await harness.sql.query('select 1 from notification_outbox where patient_id = $1', ['cancelling-patient']);
    expect(rows).toEqual([]);
  });
});

describe('schedule slots saga', () => {
  it('opens a slot stream per scheduled slot', async () => {
    const providerId = `provider-${randomUUID()}`;
    const startsAt = new Date(Date.now() + 24 * HOUR).toISOString();
    const slots = [0, 1].map((index) => ({
      slotId: `${providerId}-slot-${index}`,
      startsAt: new Date(Date.parse(startsAt) + index * 900_000).toISOString(),
      endsAt: new Date(Date.parse(startsAt) + (index + 1) * 900_000).toISOString(),
      mode: 'in-person' as const,
    }));
    const past = { slotId: `${providerId}-slot-past`, startsAt: new Date(Date.now() - HOUR).toISOString(), endsAt: new Date(Date.now() - HOUR + 900_000).toISOString(), mode: 'in-person' as const };
    const data = { providerId, scheduleId: `${providerId}-week`, roleId: 'role-1', specialty: 'family-medicine', facilityId: 'f-1', slots: [...slots, past], demo: true, openedAt: new Date().toISOString() };
    await harness.store.appendToStream(`provider-${providerId}`, toNewEvents([{ type: 'ScheduleOpened', data }], context()), 'any');
    await settle();

    const { rows } = await harness.sql.query<{ slot_id: string; status: string; demo: boolean }>('select slot_id, status, demo from rm_slots.slots where provider_id = $1 order by slot_id', [providerId]);
    expect(rows).toEqual(slots.map((slot) => ({ slot_id: slot.slotId, status: 'open', demo: true })));
  });
});

describe('saga restart', () => {
  it('repeats no side effect when every event is handled again', async () => {
    await settle();
    const head = await harness.store.headPosition();
    const messages = await outboxCount();
    const { rows: timersBefore } = await harness.sql.query<{ count: string }>('select count(*)::text as count from scheduled_timers');

    for (const saga of harness.sagas) await saga.stop();
    await harness.timers.stop();
    await harness.sql.query('update saga_checkpoints set position = 0');
    const restarted = await startSagas(harness.sql, harness.store, harness.clock);
    harness.sagas = restarted.sagas;
    harness.timers = restarted.timers;
    await settle();
    await harness.timers.fireDue();
    await settle();

    expect(await harness.store.headPosition()).toBe(head);
    expect(await outboxCount()).toBe(messages);
    const { rows: timersAfter } = await harness.sql.query<{ count: string }>('select count(*)::text as count from scheduled_timers');
    expect(timersAfter[0]!.count).toBe(timersBefore[0]!.count);
  });

  it('dead-letters an event whose handling keeps failing and moves on', async () => {
    const failing = { name: 'always-failing', handles: () => true, react: async () => Promise.reject(new Error('handler broken')) };
    const runner = new SagaRunner(harness.store, harness.sql, failing, silent, { maxAttempts: 2, firstRetryDelayMs: 1 });
    await runner.start();
    const head = await harness.store.headPosition();

    await runner.waitFor(head, 30_000);
    await runner.stop();

    const { rows } = await harness.sql.query<{ count: string }>(`select count(*)::text as count from saga_dead_letters where saga = 'always-failing'`);
    const { rows: all } = await harness.sql.query<{ count: string }>('select count(*)::text as count from es_events');
    expect(rows[0]!.count).toBe(all[0]!.count);
  });
});
