import pino from 'pino';

import type { JourneyPolicy } from '../../domain/journeys';
import type { LogisticsConfig } from '../../infra/logistics/logistics-config';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { SqlNotificationOutbox } from '../../infra/notifications/sql-outbox';
import { SqlTimerService } from '../../infra/timers/sql-timer-service';
import { systemClock } from '../../infra/timers/timers.port';
import { loadJourneyView } from '../../read-api/journeys/journey-view';
import { openJourneyHost, type JourneyHost } from '../../sagas/journeys/journey-host';
import { openPGliteForTests, type TestSql } from '../support/databases';
import { driveJourney, journeyState, scriptJourneys, type ScriptedJourney } from './journey-driver';

// The journey saga wired to the event store, the sandbox dispatcher, timers and the outbox on
// PGlite: a routine journey with a ride, a cancelled appointment's compensation, the timeline,
// and a replay from position 0 that stores and sends nothing twice.

const silent = pino({ level: 'silent' });
const config: LogisticsConfig = {
  ridePartners: ['sandbox-dispatcher'],
  httpPartner: undefined,
  sandbox: { seed: 7, failureRate: 0, updateIntervalMs: 250 },
  journeyPolicyOverride: { rebookingDeadlineHours: 0.0002, followUpDays: 0.000005 },
  journeyTimerPollMs: 20,
  journeyTimerLeaseMs: 1_000,
  journeySagaIn: 'worker',
  journeyPartitions: 1,
};

describe('journey saga wiring', () => {
  let database: TestSql;
  let store: SqlEventStore;
  let timers: SqlTimerService;
  let host: JourneyHost;
  let policy: JourneyPolicy;

  beforeAll(async () => {
    database = await openPGliteForTests();
    store = await SqlEventStore.create(database.sql);
    timers = await SqlTimerService.open(database.sql, silent, { pollIntervalMs: 20, leaseMs: 1_000 });
    const notifications = await SqlNotificationOutbox.open(database.sql);
    host = await openJourneyHost({ store, sql: database.sql, timers, notifications, startFollowUp: async () => undefined, config, clock: systemClock, logger: silent });
    policy = host.policy;
    for (const runner of host.runners) await runner.start();
    timers.start();
  });

  afterAll(async () => {
    for (const runner of host.runners) await runner.stop();
    await timers.stop();
    await store.close();
    await database.dispose();
  });

  it('books a sandbox ride and closes a routine journey', async () => {
    const [journey] = scriptJourneys(1, 'routine').map((each) => ({ ...each, scenario: 'routine-ride' as const }));
    await drive(journey!);

    const state = await journeyState(store, journey!.journeyId, policy);
    expect(state.phase).toBe('closed');
    expect(state.outcome).toBe('completed');
    // The sandbox may finish the ride before the follow-up review closes the journey.
    expect(['booked', 'completed']).toContain(state.ride?.status);
    const rideId = state.ride!.rideId;
    expect((await host.rides.load(rideId)).partnerId).toBe('sandbox-dispatcher');
    expect(await outboxCategories(journey!.patientId)).toContain('ride-booked');
  });

  it('cancels the ride when the appointment is cancelled', async () => {
    const [journey] = scriptJourneys(1, 'cancel').map((each) => ({ ...each, scenario: 'cancelled' as const }));
    await drive(journey!);

    const state = await journeyState(store, journey!.journeyId, policy);
    expect(state.outcome).toBe('lost-to-follow-up');
    expect((await host.rides.load(state.ride!.rideId)).status).toBe('cancelled');
    expect(await outboxCategories(journey!.patientId)).toEqual(expect.arrayContaining(['ride-booked', 'rebooking-offer']));
  });

  it('shows the tracking in the timeline in French', async () => {
    const [journey] = scriptJourneys(1, 'tracked').map((each) => ({ ...each, scenario: 'routine-ride' as const }));
    await drive(journey!);
    const rideId = (await journeyState(store, journey!.journeyId, policy)).ride!.rideId;
    await eventually(async () => (await host.rides.load(rideId)).status === 'completed');

    const view = await loadJourneyView(store, journey!.journeyId, policy, 'fr');

    const texts = view!.timeline.map((entry) => entry.text);
    expect(texts).toEqual(expect.arrayContaining(['Le triage a évalué le besoin comme courant', 'Transport réservé auprès de sandbox-dispatcher', 'Transport terminé']));
    expect(texts.some((text) => text.startsWith('Chauffeur assigné'))).toBe(true);
    expect(view!.outcome).toBe('completed');
  });

  it('stores and sends nothing twice when replayed from position 0', async () => {
    const before = await counts();
    for (const runner of host.runners) await runner.stop();
    await database.sql.query(`update saga_checkpoints set position = 0 where name = 'care-journey'`);
    for (const runner of host.runners) await runner.start();
    await host.runners[0]!.waitFor(await store.headPosition(), 20_000);

    const after = await counts();
    expect(after.events).toBe(before.events);
    expect(after.outbox).toBe(before.outbox);
    expect(after.bookings).toBe(before.bookings);
    expect(after.sandboxCalls).toBeGreaterThanOrEqual(before.sandboxCalls);
  });

  async function drive(journey: ScriptedJourney): Promise<void> {
    await eventually(async () => driveJourney(store, journey, await journeyState(store, journey.journeyId, policy)));
  }

  async function outboxCategories(patientId: string): Promise<string[]> {
    const { rows } = await database.sql.query<{ category: string }>('select category from notification_outbox where patient_id = $1', [patientId]);
    return rows.map((row) => row.category);
  }

  async function counts() {
    const { rows: events } = await database.sql.query<{ count: string }>(`select count(*)::text as count from es_events where stream_id like 'journey-%' or stream_id like 'ride-%'`);
    const { rows: outbox } = await database.sql.query<{ count: string }>('select count(*)::text as count from notification_outbox');
    const { rows: bookings } = await database.sql.query<{ count: string; calls: string }>('select count(*)::text as count, sum(calls)::text as calls from sandbox_ride_bookings');
    return { events: Number(events[0]!.count), outbox: Number(outbox[0]!.count), bookings: Number(bookings[0]!.count), sandboxCalls: Number(bookings[0]!.calls) };
  }
});

async function eventually(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
