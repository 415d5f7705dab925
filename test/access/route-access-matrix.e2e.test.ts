/**
 * @jest-environment ./ml/triage/onnx-jest-environment.js
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../../infra/config/config';
import type { Role } from '../../infra/auth/phi-route';
import { startServer, type RunningServer } from '../../server';
import { authHeaders, type TestIdentity } from '../support/auth';
import { ROUTE_POLICY, type RoutePolicy, type RouteRule } from './route-policy';

// Every route the running product serves, called as every kind of caller, against the declared
// policy in route-policy.ts. The routes come from the Express router of the started Nest app, so
// a route added anywhere is checked (and fails until the policy table names it).

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-access-matrix-'));
let server: RunningServer;

const PATIENT = randomUUID();
const OTHER_PATIENT = `matrix-other-${randomUUID().slice(0, 8)}`;
const CARING_PROVIDER = 'matrix-provider-caring';
const BLOCKED_PROVIDER = 'matrix-provider-blocked';
const STRANGER_PROVIDER = 'matrix-provider-stranger';
const FACILITY = 'matrix-facility';
const SPECIALTY = 'matrix-medicine';
const BREAK_GLASS = 'matrix test: emergency department visit, patient unconscious';

/** Ids for write routes: unknown records, so an allowed write is rejected later and changes nothing. */
const NOBODY = 'matrix-nobody';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let appointmentId: string;
let sessionId: string;

type Outcome = 'allowed' | 'unauthenticated' | 'forbidden';

interface Scenario {
  name: string;
  identity: TestIdentity | undefined;
  /** What the policy grants this caller on one patient's record. */
  recordAccess: 'own' | 'care' | 'break-glass' | 'none';
}

const scenarios: Scenario[] = [
  { name: 'anonymous', identity: undefined, recordAccess: 'none' },
  { name: 'the patient', identity: { role: 'patient', patientId: PATIENT }, recordAccess: 'own' },
  { name: 'another patient', identity: { role: 'patient', patientId: OTHER_PATIENT }, recordAccess: 'none' },
  { name: 'provider in care', identity: { role: 'provider', providerId: CARING_PROVIDER }, recordAccess: 'care' },
  { name: 'provider without care relationship', identity: { role: 'provider', providerId: STRANGER_PROVIDER }, recordAccess: 'none' },
  { name: 'provider blocked by consent', identity: { role: 'provider', providerId: BLOCKED_PROVIDER }, recordAccess: 'none' },
  { name: 'provider by break-glass', identity: { role: 'provider', providerId: STRANGER_PROVIDER, breakGlassReason: BREAK_GLASS }, recordAccess: 'break-glass' },
  { name: 'admin', identity: { role: 'admin' }, recordAccess: 'none' },
  { name: 'admin by break-glass', identity: { role: 'admin', breakGlassReason: BREAK_GLASS }, recordAccess: 'break-glass' },
  { name: 'analyst', identity: { role: 'analyst' }, recordAccess: 'none' },
  { name: 'analyst claiming break-glass', identity: { role: 'analyst', breakGlassReason: BREAK_GLASS }, recordAccess: 'none' },
  { name: 'auditor', identity: { role: 'auditor' }, recordAccess: 'none' },
];

/** Computes the outcome the declared policy gives a scenario on a rule. */
function expectedOutcome(rule: RouteRule, scenario: Scenario): Outcome {
  if (rule.kind === 'public') return 'allowed';
  if (!scenario.identity) return 'unauthenticated';
  const role: Role = scenario.identity.role;

  switch (rule.kind) {
    case 'roles':
      return rule.roles.includes(role) ? 'allowed' : 'forbidden';
    case 'patient-record':
      if (rule.roles && !rule.roles.includes(role)) return 'forbidden';
      return scenario.recordAccess === 'none' ? 'forbidden' : 'allowed';
    case 'own-record':
      if (!rule.roles.includes(role)) return 'forbidden';
      return role === 'patient' || scenario.recordAccess === 'break-glass' ? 'allowed' : 'forbidden';
    case 'unknown-record':
      if (rule.roles && !rule.roles.includes(role)) return 'forbidden';
      return scenario.recordAccess === 'break-glass' ? 'allowed' : 'forbidden';
    case 'population':
      return scenario.recordAccess === 'break-glass' ? 'allowed' : 'forbidden';
    case 'audit-record':
      return role === 'auditor' ? 'allowed' : 'forbidden';
  }
}

interface ServedRoute {
  method: string;
  template: string;
}

/** Every method and path template in the Express router of the started app. */
function servedRoutes(): ServedRoute[] {
  const express = server.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  const routes: ServedRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, served] of Object.entries(layer.route.methods)) {
      if (served && method !== '_all') routes.push({ method: method.toUpperCase(), template: layer.route.path });
    }
  }
  return routes;
}

/**
 * A concrete path for the template: fixture ids for reads and for writes to a patient's record
 * (an allowed one fails validation on the empty body), unknown ids for other writes.
 */
function concretePath(route: ServedRoute, policy: RoutePolicy): string {
  const read = route.method === 'GET' || policy.rule.kind === 'patient-record';
  const values: Record<string, string> = {
    patientId: read ? PATIENT : NOBODY,
    appointmentId: read ? appointmentId : UNKNOWN_ID,
    sessionId: read ? sessionId : UNKNOWN_ID,
    specialty: SPECIALTY,
    locationId: FACILITY,
    providerId: CARING_PROVIDER,
    name: 'no-such-projection',
  };
  const filled = route.template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? UNKNOWN_ID));
  return filled + (policy.query ?? '').replace('{patientId}', encodeURIComponent(PATIENT));
}

async function observe(route: ServedRoute, scenario: Scenario, policy: RoutePolicy): Promise<{ outcome: Outcome | 'rate-limited'; status: number }> {
  const headers: Record<string, string> = scenario.identity ? await authHeaders(server.url, scenario.identity) : {};
  const response = await fetch(`${server.url}${concretePath(route, policy)}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(route.method === 'GET' ? {} : { body: '{}' }),
  });
  if (response.status !== 403) {
    // Only the status matters here, and a granted event stream would never end.
    await response.body?.cancel();
  }
  if (response.status === 401) return { outcome: 'unauthenticated', status: 401 };
  if (response.status === 429) return { outcome: 'rate-limited', status: 429 };
  // The guard's 403 detail starts with "Access denied". A 403 from a handler (acting for another patient) came after the guard let the request in.
  if (response.status === 403 && ((await response.json()) as { detail?: string }).detail?.startsWith('Access denied')) return { outcome: 'forbidden', status: 403 };
  return { outcome: 'allowed', status: response.status };
}

async function send(method: string, route: string, identity: TestIdentity, body?: unknown) {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await authHeaders(server.url, identity)) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const admin: TestIdentity = { role: 'admin' };
const thePatient: TestIdentity = { role: 'patient', patientId: PATIENT };

beforeAll(async () => {
  server = await startServer(
    loadConfig({ OHIP_DATA_DIR: dataDirectory, PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false', OHIP_SEED_DEMO_DIRECTORY: 'false', OHIP_RATE_LIMIT_BURST: '100000' }),
  );

  const facility = await send('POST', '/api/v1/provider-locations?waitFor=provider_locations', admin, {
    locationId: FACILITY,
    serviceType: 'Community Health Centre',
    name: { en: 'Matrix Test Clinic', fr: 'Clinique Test Matrice' },
    address: { line1: '1 Test Street', community: 'Ottawa' },
    coordinates: { lat: 45.42, lng: -75.69 },
  });
  expect(facility.status).toBe(201);

  const registered = await send('POST', '/api/v1/patients?waitFor=patients', admin, {
    patientId: PATIENT,
    name: { given: ['Matrix'], family: 'Patient' },
    gender: 'female',
    birthDate: '1980-01-01',
    preferredLanguage: 'en',
  });
  expect(registered.status).toBe(201);

  const startsAt = new Date(Date.now() + 48 * 3_600_000);
  startsAt.setUTCSeconds(0, 0);
  const slot = (slotId: string, providerId: string, offsetMinutes: number) => ({
    slotId,
    providerId,
    facilityId: FACILITY,
    specialty: SPECIALTY,
    startsAt: new Date(startsAt.getTime() + offsetMinutes * 60_000).toISOString(),
    endsAt: new Date(startsAt.getTime() + (offsetMinutes + 15) * 60_000).toISOString(),
    mode: 'in-person',
    demo: false,
  });
  const caringSlot = `matrix-slot-${randomUUID()}`;
  const blockedSlot = `matrix-slot-${randomUUID()}`;
  const opened = await send('POST', '/api/v1/slots?waitFor=slots', admin, { slots: [slot(caringSlot, CARING_PROVIDER, 0), slot(blockedSlot, BLOCKED_PROVIDER, 30)] });
  expect(opened.status).toBe(201);

  const booked = await send('POST', '/api/v1/appointments/book?waitFor=appointments', thePatient, { slotId: caringSlot, patientId: PATIENT });
  expect(booked.status).toBe(201);
  appointmentId = booked.body.appointmentId;
  expect((await send('POST', '/api/v1/appointments/book?waitFor=appointments', thePatient, { slotId: blockedSlot, patientId: PATIENT })).status).toBe(201);

  const withheld = await send('POST', `/api/v1/patients/${PATIENT}/consents?waitFor=consent`, thePatient, { category: 'all', providerId: BLOCKED_PROVIDER });
  expect(withheld.status).toBe(201);

  const triage = await send('POST', '/api/v1/triage/start', thePatient, { locale: 'en', age: 44, sex: 'female', complaintId: 'headache', patientId: PATIENT });
  expect(triage.status).toBe(201);
  sessionId = triage.body.sessionId;

  await server.runtime.waitForProjectionsAtHead();
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe('route access matrix', () => {
  it('has a declared policy for every served route', () => {
    const undeclared = servedRoutes()
      .map((route) => `${route.method} ${route.template}`)
      .filter((key) => !(key in ROUTE_POLICY));

    expect(undeclared).toEqual([]);
  });

  it('decides every route for every caller as declared', async () => {
    const routes = servedRoutes().filter((route) => `${route.method} ${route.template}` in ROUTE_POLICY);
    const mismatches: string[] = [];
    let cases = 0;

    for (const route of routes) {
      const policy = ROUTE_POLICY[`${route.method} ${route.template}`]!;
      const observed = await Promise.all(scenarios.map((scenario) => observe(route, scenario, policy)));
      scenarios.forEach((scenario, index) => {
        const expected = expectedOutcome(policy.rule, scenario);
        const { outcome, status } = observed[index]!;
        cases += 1;
        if (outcome !== expected) {
          mismatches.push(`${route.method} ${route.template} as ${scenario.name}: expected ${expected}, got ${outcome} (HTTP ${status})`);
        }
      });
    }

    process.stdout.write(`route access matrix: ${cases} cases over ${routes.length} routes and ${scenarios.length} callers\n`);
    expect(mismatches).toEqual([]);
    expect(cases).toBe(routes.length * scenarios.length);
  }, 300_000);
});

describe('access records', () => {
  it('hands break-glass and denied reads to the auditor', async () => {
    const reason = 'matrix test: audit record of a break-glass read';
    const stranger: TestIdentity = { role: 'provider', providerId: STRANGER_PROVIDER, subject: 'matrix-audit-stranger' };
    expect((await send('GET', `/api/v1/patients/${PATIENT}`, { role: 'admin', subject: 'matrix-audit-admin', breakGlassReason: reason })).status).toBe(200);
    expect((await send('GET', `/api/v1/patients/${PATIENT}`, stranger)).status).toBe(403);
    await server.runtime.waitForProjectionsAtHead();

    const { status, body } = await send('GET', `/api/v1/audit/accesses?patientId=${PATIENT}&limit=1000`, { role: 'auditor' });
    const byActor = (actorId: string) => body.items.filter((item: { actorId: string }) => item.actorId === actorId);

    expect(status).toBe(200);
    expect(byActor('matrix-audit-admin')).toEqual([expect.objectContaining({ actorRole: 'admin', outcome: 'allowed', breakGlass: true, resource: 'Patient', route: '/api/v1/patients/:patientId' })]);
    expect(byActor('matrix-audit-stranger')).toEqual([expect.objectContaining({ actorRole: 'provider', outcome: 'denied', breakGlass: false })]);
  });
});

describe('consent and care relationships', () => {
  it('returns the directive as a FHIR Consent', async () => {
    const { status, body } = await send('GET', `/api/v1/fhir/Consent?patient=${PATIENT}`, thePatient);

    expect(status).toBe(200);
    expect(body.resourceType).toBe('Bundle');
    expect(body.entry[0].resource).toMatchObject({
      resourceType: 'Consent',
      status: 'active',
      patient: { reference: `Patient/${PATIENT}` },
      provision: { type: 'deny', actor: [{ reference: { reference: `Practitioner/${BLOCKED_PROVIDER}` } }] },
    });
  });

  it('withholds only the named category', async () => {
    const caring: TestIdentity = { role: 'provider', providerId: CARING_PROVIDER };
    const recorded = await send('POST', `/api/v1/patients/${PATIENT}/consents?waitFor=consent`, thePatient, { category: 'triage', providerId: CARING_PROVIDER });

    expect(recorded.status).toBe(201);
    expect((await send('GET', `/api/v1/triage/assessment/${sessionId}`, caring)).status).toBe(403);
    expect((await send('GET', `/api/v1/appointments/${appointmentId}`, caring)).status).toBe(200);

    const revoked = await send('DELETE', `/api/v1/patients/${PATIENT}/consents/${recorded.body.directiveId}?waitFor=consent`, thePatient);
    expect(revoked.status).toBe(200);
  });

  it('restores access when the directive is revoked', async () => {
    const blocked: TestIdentity = { role: 'provider', providerId: BLOCKED_PROVIDER };
    const { body } = await send('GET', `/api/v1/patients/${PATIENT}/consents`, thePatient);
    const directive = body.items.find((item: { providerId: string; status: string }) => item.providerId === BLOCKED_PROVIDER && item.status === 'active');

    expect((await send('GET', `/api/v1/patients/${PATIENT}`, blocked)).status).toBe(403);
    expect((await send('DELETE', `/api/v1/patients/${PATIENT}/consents/${directive.directiveId}?waitFor=consent`, thePatient)).status).toBe(200);
    expect((await send('GET', `/api/v1/patients/${PATIENT}`, blocked)).status).toBe(200);
  });

  it('ends the care relationship when the appointment is cancelled', async () => {
    const caring: TestIdentity = { role: 'provider', providerId: CARING_PROVIDER };
    expect((await send('GET', `/api/v1/patients/${PATIENT}`, caring)).status).toBe(200);

    const cancelled = await send('DELETE', `/api/v1/appointments/${appointmentId}/cancel?waitFor=appointments`, thePatient, { reason: 'patient-request' });
    expect(cancelled.status).toBe(200);
    await server.runtime.waitForProjectionsAtHead();

    expect((await send('GET', `/api/v1/patients/${PATIENT}`, caring)).status).toBe(403);
  });

  it('lets only the patient record a directive for their record', async () => {
    const other = await send('POST', `/api/v1/patients/${PATIENT}/consents`, { role: 'patient', patientId: OTHER_PATIENT }, { category: 'all' });

    expect(other.status).toBe(403);
  });

  it('records the real actor on a command', async () => {
    const events = await server.runtime.store.readStream(`consent-${PATIENT}`);

    expect(events[0]!.actor).toEqual({ id: `patient-${PATIENT}`, role: 'patient' });
  });
});

describe('triage sessions', () => {
  const triageStart = { locale: 'en', age: 44, sex: 'female', complaintId: 'headache' };

  it('start for the signed-in patient only', async () => {
    const own = await send('POST', '/api/v1/triage/start', thePatient, triageStart);
    const forOther = await send('POST', '/api/v1/triage/start', thePatient, { ...triageStart, patientId: OTHER_PATIENT });

    expect(own.status).toBe(201);
    expect((await send('GET', `/api/v1/triage/assessment/${own.body.sessionId}`, thePatient)).status).not.toBe(403);
    expect((await send('GET', `/api/v1/triage/assessment/${own.body.sessionId}`, { role: 'patient', patientId: OTHER_PATIENT })).status).toBe(403);
    expect(forOther.status).toBe(403);
  });

  it('restrict respond and escalate', async () => {
    const started = await send('POST', '/api/v1/triage/start', thePatient, triageStart);
    const answer = { sessionId: started.body.sessionId, answers: [] };
    const escalation = { sessionId: started.body.sessionId, reason: 'matrix test: the patient asks for a nurse' };

    expect((await send('POST', '/api/v1/triage/respond', { role: 'patient', patientId: OTHER_PATIENT }, answer)).status).toBe(403);
    expect((await send('POST', '/api/v1/triage/respond', { role: 'provider', providerId: STRANGER_PROVIDER }, answer)).status).toBe(403);
    expect((await send('POST', '/api/v1/triage/escalate', { role: 'patient', patientId: OTHER_PATIENT }, escalation)).status).toBe(403);
    expect((await send('POST', '/api/v1/triage/respond', thePatient, answer)).status).toBe(200);
    expect((await send('POST', '/api/v1/triage/respond', { role: 'provider', providerId: STRANGER_PROVIDER, breakGlassReason: BREAK_GLASS }, answer)).status).toBe(200);
    expect((await send('POST', '/api/v1/triage/escalate', thePatient, escalation)).status).toBe(200);
  });
});
