import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { journeyStreamId, type JourneyState } from '../../domain/journeys';
import { loadConfig } from '../../infra/config/config';
import { journeyPolicy } from '../../sagas/journeys/journey-host';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../support/auth';
import { driveJourney, journeyState, scriptJourneys, type Scenario, type ScriptedJourney } from './journey-driver';

// The journey and ride API of the embedded product, with the journey saga and the sandbox
// dispatcher running in the API process: the timeline in English and French, a ride's tracking,
// and the bad input that must change nothing.

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-journeys-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(
    loadConfig({
      OHIP_DATA_DIR: dataDirectory,
      PORT: '0',
      LOG_LEVEL: 'silent',
      OHIP_IMPORT_SHARED_DATA: 'false',
      OHIP_SEED_DEMO_DIRECTORY: 'false',
      OHIP_SANDBOX_FAILURE_RATE: '0',
      // An hour between sandbox tracking updates, so a ride stream changes only by the test's own calls.
      OHIP_SANDBOX_UPDATE_INTERVAL_MS: '3600000',
      OHIP_JOURNEY_POLICY: JSON.stringify({ rebookingDeadlineHours: 0.0002 }),
    }),
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

// Response bodies are checked field by field, so they are read as loosely typed JSON.
type Json = any;

const coordinator = () => authHeaders(server.url, { role: 'admin', breakGlassReason: 'end-to-end test of care journeys' });

async function call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await coordinator()) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

// Drives the journey's script until `done` holds; the same state decides both, so the script
// never takes a step past it.
async function runUntil(scenario: Scenario, tag: string, done: (current: JourneyState) => boolean): Promise<ScriptedJourney> {
  const [scripted] = scriptJourneys(1, tag);
  const journey = { ...scripted!, scenario };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const current = await state(journey);
    if (done(current)) return journey;
    if (Date.now() > deadline) throw new Error(`journey ${journey.journeyId} did not reach the expected state within 30 s`);
    await driveJourney(server.runtime.store, journey, current);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const state = (journey: ScriptedJourney) => journeyState(server.runtime.store, journey.journeyId, journeyPolicy(server.runtime.config.logistics));

describe('journeys API', () => {
  it('shows the timeline and the ride tracking', async () => {
    const journey = await runUntil('routine-ride', 'api-ride', (current) => current.ride?.status === 'booked');
    const rideId = (await state(journey)).ride!.rideId;

    const english = await call('GET', `/api/v1/journeys/${journey.journeyId}?lang=en`);
    const french = await call('GET', `/api/v1/journeys/${journey.journeyId}?lang=fr`);
    const ride = await call('GET', `/api/v1/rides/${encodeURIComponent(rideId)}`);

    expect(english.status).toBe(200);
    expect(english.body.phase).toBe('booked');
    expect(english.body.timeline.map((entry: Json) => entry.text)).toEqual(expect.arrayContaining(['Triage assessed the need as routine', 'Ride booked with sandbox-dispatcher']));
    expect(french.body.timeline.map((entry: Json) => entry.text)).toEqual(expect.arrayContaining(['Transport réservé auprès de sandbox-dispatcher']));
    expect(ride.status).toBe(200);
    expect(ride.body).toEqual(expect.objectContaining({ rideId, journeyId: journey.journeyId, partnerId: 'sandbox-dispatcher', sandbox: true }));
    expect(ride.body.mode).toBe('assisted-ride');
    expect(ride.body.costEstimate.mode).toBe('assisted-ride');
    expect(ride.body.costEstimate.amountCad).toBeGreaterThan(25);
  });

  it('rejects a ride for a closed journey with 409', async () => {
    const journey = await runUntil('missed', 'api-closed', (current) => current.phase === 'closed');
    const before = await server.runtime.store.readStream(journeyStreamId(journey.journeyId));

    const { status, body } = await call('POST', `/api/v1/journeys/${journey.journeyId}/rides`, {
      mode: 'standard-ride',
      pickup: { lat: 43.65, lon: -79.38 },
      dropoff: { lat: 43.66, lon: -79.39 },
      arriveBy: new Date(Date.now() + 86_400_000).toISOString(),
    });

    expect(status).toBe(409);
    expect(body.detail).toContain(`journey ${journey.journeyId} is closed`);
    expect(await server.runtime.store.readStream(journeyStreamId(journey.journeyId))).toHaveLength(before.length);
  });

  it('rejects an unknown partner status with 422', async () => {
    const journey = await runUntil('routine-ride', 'api-status', (current) => current.ride?.status === 'booked');
    const rideId = (await state(journey)).ride!.rideId;
    const rideBefore = await server.runtime.store.readStream(`ride-${rideId}`);
    const journeyBefore = await state(journey);

    const { status, body } = await call('POST', `/api/v1/rides/${encodeURIComponent(rideId)}/partner-updates`, {
      partnerId: 'sandbox-dispatcher',
      status: 'teleported',
      occurredAt: new Date().toISOString(),
    });

    expect(status).toBe(422);
    expect(JSON.stringify(body)).toContain("unknown partner status 'teleported'");
    expect(await server.runtime.store.readStream(`ride-${rideId}`)).toHaveLength(rideBefore.length);
    expect((await state(journey)).phase).toBe(journeyBefore.phase);
  });
});
