// Care-journey saga on PostgreSQL (DATABASE_URL), in this process, with the sandbox dispatcher:
//
//   latency     appointment booked (SlotBooked appended) to ride confirmed by the sandbox partner
//               (RideBooked seen by a subscription), one booking every 50 ms; target p95 < 300 ms
//   throughput  journey steps recorded per second while the saga catches up on a backlog of
//               triage assessments and bookings; target >= 500 steps/s
//
// Run: npm run build && DATABASE_URL=postgres://... LOG_LEVEL=silent node dist/bench/journeys.js [partitions] [backlogJourneys] [timedBookings]

import pino from 'pino';

import { journeyInputsStreamId } from '../domain/journeys';
import { SqlEventStore } from '../infra/event-store/sql/sql-event-store';
import type { NewEvent, StoredEvent } from '../infra/event-store/event-store.port';
import { uuidFromName } from '../infra/event-store/uuid';
import type { LogisticsConfig } from '../infra/logistics/logistics-config';
import { SqlNotificationOutbox } from '../infra/notifications/sql-outbox';
import { createScratchDatabase } from '../infra/sql/scratch-database';
import { PostgresClient } from '../infra/sql/postgres-client';
import { SqlTimerService } from '../infra/timers/sql-timer-service';
import { systemClock } from '../infra/timers/timers.port';
import { openJourneyHost, type JourneyHost } from '../sagas/journeys/journey-host';

const TARGET_P95_MS = 300;
const TARGET_STEPS_PER_SECOND = 500;
const BOOKING_INTERVAL_MS = 50;
const HOME = { lat: 43.6532, lon: -79.3832 };
const CLINIC = { lat: 43.6629, lon: -79.3957 };
const silent = pino({ level: 'silent' });

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set; the journey benchmark runs on PostgreSQL (scripts/services.sh starts it)');
  const partitions = Number(process.argv[2] ?? 4);
  const backlog = Number(process.argv[3] ?? 2_000);
  const timed = Number(process.argv[4] ?? 200);

  const database = await createScratchDatabase(serverUrl, 'bench');
  const sql = PostgresClient.fromUrl(database.url, 20);
  const store = await SqlEventStore.create(sql);
  const timers = await SqlTimerService.open(sql, silent);
  const host = await openJourneyHost({
    store,
    sql,
    timers,
    notifications: await SqlNotificationOutbox.open(sql),
    startFollowUp: async () => undefined,
    config: benchConfig(partitions),
    clock: systemClock,
    logger: silent,
  });

  try {
    const throughput = await measureThroughput(store, sql, host, backlog);
    const latency = await measureLatency(store, host, timed);
    const p95 = percentile(latency, 0.95);
    process.stdout.write(
      [
        `care journeys on PostgreSQL, ${partitions} saga partitions`,
        `  throughput: ${throughput.steps} steps in ${throughput.elapsedMs} ms = ${throughput.perSecond.toFixed(0)} steps/s (target >= ${TARGET_STEPS_PER_SECOND})`,
        `  booked -> ride confirmed (${latency.length} bookings, one every ${BOOKING_INTERVAL_MS} ms): p50 ${percentile(latency, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${percentile(latency, 0.99).toFixed(1)} ms (target p95 < ${TARGET_P95_MS})`,
        '',
      ].join('\n'),
    );
    process.exitCode = p95 < TARGET_P95_MS && throughput.perSecond >= TARGET_STEPS_PER_SECOND ? 0 : 1;
  } finally {
    for (const runner of host.runners) await runner.stop();
    await store.close();
    await sql.close();
    await database.drop();
  }
}

// A backlog of journeys without transport: each triage starts a journey (offer providers, booking
// deadline) and each booking is a second step (reminder, attendance timer, deadline cancelled).
async function measureThroughput(store: SqlEventStore, sql: PostgresClient, host: JourneyHost, journeys: number) {
  for (let index = 0; index < journeys; index++) {
    const journeyId = `bench-backlog-${index}`;
    await startJourney(store, journeyId, `patient-backlog-${index}`, false);
    await book(store, journeyId, `patient-backlog-${index}`);
  }

  const started = Date.now();
  for (const runner of host.runners) await runner.start();
  const head = await store.headPosition();
  await Promise.all(host.runners.map((runner) => runner.waitFor(head, 600_000)));
  const elapsedMs = Date.now() - started;

  const { rows } = await sql.query<{ steps: string }>(`select count(*)::text as steps from es_events where event_type in ('JourneyStarted', 'JourneyStepRecorded')`);
  const steps = Number(rows[0]!.steps);
  return { steps, elapsedMs, perSecond: (steps * 1000) / elapsedMs };
}

async function measureLatency(store: SqlEventStore, host: JourneyHost, bookings: number): Promise<number[]> {
  const journeyIds = Array.from({ length: bookings }, (_, index) => `bench-timed-${index}`);
  for (const [index, journeyId] of journeyIds.entries()) await startJourney(store, journeyId, `patient-timed-${index}`, true);
  const ready = await store.headPosition();
  await Promise.all(host.runners.map((runner) => runner.waitFor(ready, 120_000)));

  const bookedAt = new Map<string, number>();
  const confirmed = new Map<string, number>();
  let allConfirmed: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allConfirmed = resolve));
  const subscription = store.subscribeToAll({
    after: ready,
    handler: async (events: StoredEvent[]) => {
      for (const event of events.filter((each) => each.type === 'RideBooked')) {
        const journeyId = String((event.data as { rideId: string }).rideId).split(':ride:')[0]!;
        if (!confirmed.has(journeyId)) confirmed.set(journeyId, Date.now());
      }
      if (confirmed.size === bookings) allConfirmed();
    },
  });

  for (const [index, journeyId] of journeyIds.entries()) {
    bookedAt.set(journeyId, Date.now());
    await book(store, journeyId, `patient-timed-${index}`);
    await new Promise((resolve) => setTimeout(resolve, BOOKING_INTERVAL_MS));
  }
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${confirmed.size} of ${bookings} rides were confirmed within 60 s`)), 60_000))]);
  await subscription.stop();
  return journeyIds.map((journeyId) => confirmed.get(journeyId)! - bookedAt.get(journeyId)!);
}

async function startJourney(store: SqlEventStore, journeyId: string, patientId: string, needsTransport: boolean): Promise<void> {
  const at = new Date().toISOString();
  if (needsTransport) {
    await append(store, journeyInputsStreamId(journeyId), `${journeyId}/transport`, [
      { type: 'TransportNeedsRecorded', data: { journeyId, patientId, mobility: 'wheelchair', pickup: HOME, destination: CLINIC, recordedAt: at } },
    ]);
  }
  await append(store, `triage-session-${journeyId}`, `${journeyId}/triage`, [
    { type: 'TriageStarted', data: { sessionId: journeyId, patientId, startedAt: at, locale: 'en', age: 61, sex: 'male', complaintId: 'back-pain', complaintText: null, complaintSource: 'selected', classifierVersion: null } },
    { type: 'TriageAssessed', data: { sessionId: journeyId, assessedAt: at, assessment: { urgency: 'routine', level: 4 } } },
  ]);
}

async function book(store: SqlEventStore, journeyId: string, patientId: string): Promise<void> {
  const at = new Date().toISOString();
  const startsAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const slotId = `${journeyId}-slot`;
  await append(store, `slot-${slotId}`, `${journeyId}/book`, [
    { type: 'SlotOpened', data: { slotId, providerId: 'dr-bench', facilityId: 'clinic-bench', specialty: 'family-medicine', startsAt, endsAt: startsAt, mode: 'in-person', demo: true, openedAt: at } },
    { type: 'SlotBooked', data: { slotId, bookingId: `${journeyId}-appointment`, patientId, bookedAt: at, bookedBy: patientId } },
  ]);
}

async function append(store: SqlEventStore, streamId: string, key: string, events: Array<{ type: string; data: unknown }>): Promise<void> {
  const newEvents: NewEvent[] = events.map((event, index) => ({
    eventId: uuidFromName(`bench/${key}/${index}`),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    correlationId: key,
    causationId: null,
    actor: { id: 'journey-bench', role: 'system' },
  }));
  await store.appendToStream(streamId, newEvents, 'any');
}

function benchConfig(partitions: number): LogisticsConfig {
  return {
    ridePartners: ['sandbox-dispatcher'],
    httpPartner: undefined,
    // An hour between tracking updates keeps them out of the measurement.
    sandbox: { seed: 1, failureRate: 0, updateIntervalMs: 3_600_000 },
    journeyPolicyOverride: {},
    journeyTimerPollMs: 1_000,
    journeyTimerLeaseMs: 60_000,
    journeySagaIn: 'worker',
    journeyPartitions: partitions,
  };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
