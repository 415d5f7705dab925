import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import pino from 'pino';

import type { JourneyPolicy } from '../../domain/journeys';
import { loadConfig } from '../../infra/config/config';
import { Runtime } from '../../infra/runtime/runtime';
import { journeyPolicy } from '../../sagas/journeys/journey-host';
import { describeWithPostgres, createScratchDatabase } from '../support/databases';
import { driveJourney, journeyState, rideStatus, scriptJourneys, type ScriptedJourney } from './journey-driver';
import { LocalRidePartner } from './local-ride-partner';

// Runs 200 care journeys (routine with a ride, cancelled appointment, a ride partner that fails
// so the next partner takes over, missed appointment, critical emergency path) through the saga
// worker twice on fresh databases: once undisturbed, once while the worker is killed with
// SIGKILL 20 times at random moments and restarted. Every journey must end in the same state,
// no ride may be booked twice at a partner and no notification may be queued twice.

const workerScript = path.resolve(__dirname, '..', '..', 'dist', 'worker.js');
const JOURNEYS = Number(process.env.SOAK_JOURNEYS ?? 200);
const KILLS = Number(process.env.SOAK_KILLS ?? 20);
// A run took 34 s undisturbed and 85 s with the kills on a busy two-core machine; the deadline
// leaves room for a busier one.
const RUN_DEADLINE_MS = 150_000;
const API_KEY = 'soak-partner-key';

// Durations in hours and days so small that a journey's waits pass in about a second.
const POLICY_OVERRIDE = { rideRetryBaseMs: 100, maxRideAttempts: 2, rebookingDeadlineHours: 0.0003, followUpDays: 0.00001 };

interface RunResult {
  endStates: Map<string, unknown>;
  outboxKeys: string[];
  sandboxBookings: Array<{ key: string; calls: number; outcome: string }>;
  partnerCallsPerKey: Map<string, number>;
  partnerBookings: number;
  kills: number;
  restarts: number;
  elapsedMs: number;
}

describeWithPostgres('care journeys with a crashing saga worker', (serverUrl) => {
  const partner = new LocalRidePartner(API_KEY, 'partner-fails');
  const masterKey = randomBytes(32).toString('base64');
  let partnerUrl: string;

  beforeAll(async () => {
    if (!existsSync(workerScript)) {
      throw new Error(`${workerScript} is missing; run npm run build first (npm test does)`);
    }
    partnerUrl = await partner.start();
  });

  afterAll(async () => {
    await partner.stop();
  });

  it('reaches the same end states with 20 kills', async () => {
    const clean = await runJourneys(0);
    const crashed = await runJourneys(KILLS);

    printReport(clean, crashed);
    expect(crashed.kills).toBe(KILLS);
    expect(clean.endStates.size).toBe(JOURNEYS);
    expect([...crashed.endStates.entries()]).toEqual([...clean.endStates.entries()]);
    expect([...crashed.partnerCallsPerKey.keys()].sort()).toEqual([...clean.partnerCallsPerKey.keys()].sort());
    expect(crashed.partnerBookings).toBe(clean.partnerBookings);
    expect(crashed.sandboxBookings.map((row) => row.key).sort()).toEqual(clean.sandboxBookings.map((row) => row.key).sort());
    expect(crashed.outboxKeys).toEqual(clean.outboxKeys);
    expect(new Set(crashed.outboxKeys).size).toBe(crashed.outboxKeys.length);
  }, 330_000);

  async function runJourneys(kills: number): Promise<RunResult> {
    partner.reset();
    const database = await createScratchDatabase(serverUrl);
    const environment = workerEnvironment(database.url);
    const config = loadConfig(environment);
    const runtime = await Runtime.open(config, pino({ level: 'silent' }), []);
    const policy = journeyPolicy(config.logistics);
    const started = Date.now();

    try {
      const journeys = scriptJourneys(JOURNEYS, 'run');
      const worker = new WorkerProcess(environment);
      worker.start();
      try {
        const chaos = kills > 0 ? worker.killRepeatedly(kills) : Promise.resolve();
        await driveUntilFinished(runtime, journeys, policy);
        await chaos;
      } finally {
        await worker.stop();
      }

      return {
        endStates: await endStates(runtime, journeys, policy),
        outboxKeys: (await runtime.sql.query<{ notification_id: string }>('select notification_id from notification_outbox order by notification_id')).rows.map((row) => row.notification_id),
        sandboxBookings: (
          await runtime.sql.query<{ idempotency_key: string; calls: number; outcome: string }>('select idempotency_key, calls, outcome from sandbox_ride_bookings order by idempotency_key')
        ).rows.map((row) => ({ key: row.idempotency_key, calls: row.calls, outcome: row.outcome })),
        partnerCallsPerKey: partner.callsPerKey(),
        partnerBookings: [...partner.answers.values()].filter((answer) => answer.status === 'confirmed').length,
        kills: worker.kills,
        restarts: worker.starts - 1,
        elapsedMs: Date.now() - started,
      };
    } finally {
      await runtime.close();
      await database.drop();
    }
  }

  function workerEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      OHIP_EVENT_STORE: 'postgresql',
      DATABASE_URL: databaseUrl,
      OHIP_MASTER_KEY: masterKey,
      OHIP_RIDE_PARTNERS: 'health-rides,sandbox-dispatcher',
      OHIP_RIDE_PARTNER_ID: 'health-rides',
      OHIP_RIDE_PARTNER_URL: partnerUrl,
      OHIP_RIDE_PARTNER_API_KEY: API_KEY,
      OHIP_RIDE_PARTNER_TIMEOUT_MS: '2000',
      OHIP_SANDBOX_FAILURE_RATE: '0',
      OHIP_SANDBOX_UPDATE_INTERVAL_MS: '50',
      OHIP_JOURNEY_POLICY: JSON.stringify(POLICY_OVERRIDE),
      OHIP_JOURNEY_TIMER_POLL_MS: '50',
      OHIP_JOURNEY_TIMER_LEASE_MS: '1000',
      OHIP_JOURNEY_PARTITIONS: '2',
    };
  }
});

async function driveUntilFinished(runtime: Runtime, journeys: ScriptedJourney[], policy: JourneyPolicy): Promise<void> {
  const deadline = Date.now() + RUN_DEADLINE_MS;
  let open = journeys;
  while (open.length > 0) {
    if (Date.now() > deadline) {
      const stuck = await Promise.all(open.slice(0, 5).map(async (journey) => ({ journeyId: journey.journeyId, state: await journeyState(runtime.store, journey.journeyId, policy) })));
      throw new Error(`${open.length} journeys did not finish within ${RUN_DEADLINE_MS} ms; first ones: ${JSON.stringify(stuck)}`);
    }
    const finished = await Promise.all(open.map(async (journey) => driveJourney(runtime.store, journey, await journeyState(runtime.store, journey.journeyId, policy))));
    open = open.filter((_, index) => !finished[index]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function endStates(runtime: Runtime, journeys: ScriptedJourney[], policy: JourneyPolicy): Promise<Map<string, unknown>> {
  const states = new Map<string, unknown>();
  for (const journey of journeys) {
    const state = await journeyState(runtime.store, journey.journeyId, policy);
    const ambulance = journey.scenario === 'critical' ? await rideStatus(runtime.store, `${journey.journeyId}:ride:ambulance`) : null;
    states.set(journey.journeyId, {
      scenario: journey.scenario,
      phase: state.phase,
      outcome: state.outcome,
      tally: state.tally,
      ride: state.ride,
      appointmentIds: state.appointmentIds,
      pendingTimers: state.pendingTimers,
      ambulance,
    });
  }
  return states;
}

class WorkerProcess {
  kills = 0;
  starts = 0;
  private stopped = false;
  private child: ChildProcess | undefined;

  constructor(private readonly environment: NodeJS.ProcessEnv) {}

  start(): void {
    this.starts++;
    this.child = spawn(process.execPath, [workerScript], { env: this.environment, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  /** Kills the worker with SIGKILL `count` times, 0.3 to 2 s apart, restarting it each time. */
  async killRepeatedly(count: number): Promise<void> {
    for (let kill = 0; kill < count; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1_700));
      if (this.stopped) return;
      const child = this.child!;
      child.kill('SIGKILL');
      await exited(child);
      this.kills++;
      if (this.stopped) return;
      this.start();
    }
  }

  /** Stops the worker, and the kill loop with it: a failed run leaves no worker behind. */
  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child!;
    child.kill('SIGTERM');
    await exited(child);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function printReport(clean: RunResult, crashed: RunResult): void {
  const repeatedPartnerKeys = [...crashed.partnerCallsPerKey.values()].filter((calls) => calls > 1).length;
  const repeatedSandboxKeys = crashed.sandboxBookings.filter((row) => row.calls > 1).length;
  const outcomes = new Map<string, number>();
  for (const state of crashed.endStates.values()) {
    const { scenario, outcome } = state as { scenario: string; outcome: string };
    outcomes.set(`${scenario} → ${outcome}`, (outcomes.get(`${scenario} → ${outcome}`) ?? 0) + 1);
  }
  process.stdout.write(
    [
      '',
      'care-journey soak report',
      `  journeys: ${crashed.endStates.size}; same end state in both runs: ${[...crashed.endStates].every(([id, state]) => JSON.stringify(clean.endStates.get(id)) === JSON.stringify(state))}`,
      `  end states: ${[...outcomes].map(([key, count]) => `${key}: ${count}`).join(', ')}`,
      `  clean run: ${clean.elapsedMs} ms; crashed run: ${crashed.elapsedMs} ms with ${crashed.kills} SIGKILLs and ${crashed.restarts} restarts`,
      `  HTTP partner: ${crashed.partnerCallsPerKey.size} idempotency keys, ${crashed.partnerBookings} rides booked (clean run ${clean.partnerBookings}), ${repeatedPartnerKeys} keys called more than once after a crash`,
      `  sandbox partner: ${crashed.sandboxBookings.length} keys (clean run ${clean.sandboxBookings.length}), ${repeatedSandboxKeys} keys called more than once`,
      `  outbox: ${crashed.outboxKeys.length} notifications (clean run ${clean.outboxKeys.length}), ${crashed.outboxKeys.length - new Set(crashed.outboxKeys).size} duplicate keys`,
      '',
    ].join('\n'),
  );
}
