import '../support/quiet-logs';

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { Request } from 'express';

import { PHI_ROUTE, type PhiRouteOptions } from '../../infra/auth/phi-route';
import { loadConfig } from '../../infra/config/config';
import { startServer, type RunningServer } from '../../server';
import { authHeaders, type TestIdentity } from '../support/auth';
import { createScratchDatabase, postgresUrlForTests } from '../support/databases';
import { newMarkers, seedMarkedPatient, type PatientMarkers } from './phi-runtime';

// Every route that returns PHI is marked @PhiRoute and records an access event. The routes are
// enumerated from the application's controller metadata, so a new route is covered without
// editing this test.

interface RouteInfo {
  method: string;
  template: string;
  phi: PhiRouteOptions | undefined;
}

let server: RunningServer;
let markers: PatientMarkers;
let sessionId: string;
let routes: RouteInfo[];

/** The product's engine settings: PGlite, and PostgreSQL on a scratch database when DATABASE_URL is set. */
const engines: [string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>][] = [['pglite', async () => ({ env: {}, drop: async () => undefined })]];
const postgresUrl = postgresUrlForTests();
if (postgresUrl) {
  engines.push([
    'postgresql',
    async () => {
      const database = await createScratchDatabase(postgresUrl);
      return { env: { OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: database.url }, drop: () => database.drop() };
    },
  ]);
}

function enumerateRoutes(running: RunningServer): RouteInfo[] {
  const found: RouteInfo[] = [];
  for (const module of running.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPhi = Reflect.getMetadata(PHI_ROUTE, controller) as PhiRouteOptions | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const routePath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (routePath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const template = `/${[base, routePath].map((part) => part.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
        found.push({ method, template, phi: (Reflect.getMetadata(PHI_ROUTE, handler) as PhiRouteOptions | undefined) ?? classPhi });
      }
    }
  }
  return found;
}

/** Fills the path's parameters with the seeded patient's ids, and adds the query parameter the route reads the patient from. */
function urlFor(route: RouteInfo): string {
  const filled = route.template.replace(/:(\w+)/g, (_match, name: string) => {
    if (name === 'sessionId') return sessionId;
    if (name.toLowerCase().includes('patient')) return markers.patientId;
    return 'no-such-record';
  });

  const queryKey = ['patientId', 'patient'].find(
    (key) => route.phi?.patientFrom({ params: {}, query: { [key]: markers.patientId } } as unknown as Request) === markers.patientId,
  );
  return queryKey ? `${filled}?${queryKey}=${encodeURIComponent(markers.patientId)}` : filled;
}

const identities: TestIdentity[] = [
  { role: 'patient', patientId: '' },
  { role: 'auditor' },
  { role: 'admin', breakGlassReason: 'Route coverage test reads every PHI route' },
];

async function getAsFirstAllowed(url: string): Promise<{ status: number; text: string }> {
  let last = { status: 0, text: '' };
  for (const identity of identities) {
    const headers = await authHeaders(server.url, identity.role === 'patient' ? { ...identity, patientId: markers.patientId } : identity);
    const response = await fetch(`${server.url}${url}`, { headers });
    last = { status: response.status, text: await response.text() };
    if (last.status !== 401 && last.status !== 403) return last;
  }
  return last;
}

async function accessesRecorded(template: string): Promise<{ outcome: string; patientId: string }[]> {
  const { rows } = await server.runtime.sql.query<{ outcome: string; patient_id: string }>(
    `select data->>'outcome' as outcome, data->>'patientId' as patient_id from es_events
     where event_type = 'PhiAccessRecorded' and data->>'route' = $1`,
    [template],
  );
  return rows.map((row) => ({ outcome: row.outcome, patientId: row.patient_id }));
}

describe.each(engines)('PHI routes on %s', (_engine, prepare) => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-phi-routes-'));
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const database = await prepare();
    dropDatabase = database.drop;
    server = await startServer(
      loadConfig({
        OHIP_DATA_DIR: dataDirectory,
        PORT: '0',
        LOG_LEVEL: 'silent',
        OHIP_IMPORT_SHARED_DATA: 'false',
        OHIP_SEED_DEMO_DIRECTORY: 'false',
        OHIP_MASTER_KEY: randomBytes(32).toString('base64'),
        ...database.env,
      }),
    );
    markers = newMarkers();
    ({ sessionId } = await seedMarkedPatient(server.runtime, markers));
    await server.runtime.waitForProjectionsAtHead();
    routes = enumerateRoutes(server);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await dropDatabase();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('finds the PHI routes by their metadata', () => {
    const phiTemplates = routes.filter((route) => route.phi).map((route) => route.template);

    expect(phiTemplates).toEqual(expect.arrayContaining(['/api/v1/patients/:patientId', '/api/v1/patients/:patientId/export', '/api/v1/triage/assessment/:sessionId']));
  });

  it('records an access for every PHI route that returns the seeded patient', async () => {
    const unrecorded: string[] = [];
    let covered = 0;
    for (const route of routes.filter((candidate) => candidate.phi && candidate.method === 'GET')) {
      const before = (await accessesRecorded(route.template)).length;
      const { status, text } = await getAsFirstAllowed(urlFor(route));
      const after = await accessesRecorded(route.template);

      const returnedPatient = status < 300 && text.includes(markers.patientId);
      if (!returnedPatient) continue;
      covered++;
      const recorded = after.slice(before);
      if (!recorded.some((access) => access.patientId === markers.patientId && access.outcome === 'allowed')) {
        unrecorded.push(`${route.method} ${route.template}`);
      }
    }

    expect(unrecorded).toEqual([]);
    expect(covered).toBeGreaterThanOrEqual(4);
  });

  it('returns seeded PHI only from @PhiRoute routes', async () => {
    const leaking: string[] = [];
    const markerStrings = [markers.familyName, markers.givenName, markers.healthCardNumber, markers.complaintText, markers.answerText];
    for (const route of routes.filter((candidate) => candidate.method === 'GET' && !candidate.phi)) {
      const { status, text } = await getAsFirstAllowed(urlFor(route));
      if (status < 300 && markerStrings.some((marker) => text.includes(marker))) {
        leaking.push(`${route.method} ${route.template}`);
      }
    }

    expect(leaking).toEqual([]);
  });

  it('records a denied attempt', async () => {
    const template = '/api/v1/patients/:patientId';
    const before = (await accessesRecorded(template)).filter((access) => access.outcome === 'denied').length;

    const headers = await authHeaders(server.url, { role: 'patient', patientId: 'someone-else' });
    const response = await fetch(`${server.url}/api/v1/patients/${markers.patientId}`, { headers });

    expect(response.status).toBe(403);
    const denied = (await accessesRecorded(template)).filter((access) => access.outcome === 'denied');
    expect(denied.length).toBe(before + 1);
  });

  it('lets the auditor search the accesses by patient', async () => {
    const headers = await authHeaders(server.url, { role: 'auditor' });
    await server.runtime.waitForProjectionsAtHead();

    const response = await fetch(`${server.url}/api/v1/audit/accesses?patientId=${markers.patientId}`, { headers });
    const body = (await response.json()) as { items: { patientId: string; outcome: string }[] };

    expect(response.status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((item) => item.patientId === markers.patientId)).toBe(true);
  });

  it('finds an access searched at once', async () => {
    const patientHeaders = await authHeaders(server.url, { role: 'patient', patientId: markers.patientId });
    const auditorHeaders = await authHeaders(server.url, { role: 'auditor' });
    const read = await fetch(`${server.url}/api/v1/patients/${markers.patientId}`, { headers: patientHeaders });
    const correlationId = read.headers.get('x-correlation-id');

    const response = await fetch(`${server.url}/api/v1/audit/accesses?patientId=${markers.patientId}&limit=1000`, { headers: auditorHeaders });
    const body = (await response.json()) as { items: { correlationId: string }[]; caughtUp: boolean };

    expect(read.status).toBe(200);
    expect(correlationId).toBeTruthy();
    expect(body.caughtUp).toBe(true);
    expect(body.items.map((item) => item.correlationId)).toContain(correlationId);
  });

  it('lets the patient export their record as a FHIR Bundle', async () => {
    const headers = await authHeaders(server.url, { role: 'patient', patientId: markers.patientId });

    const response = await fetch(`${server.url}/api/v1/patients/${markers.patientId}/export`, { headers });
    const bundle = (await response.json()) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] };

    expect(response.status).toBe(200);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.map((entry) => entry.resource.resourceType)).toEqual(['Patient', 'Encounter']);
  });

  it('rejects an export by another patient', async () => {
    const headers = await authHeaders(server.url, { role: 'patient', patientId: 'someone-else' });

    const response = await fetch(`${server.url}/api/v1/patients/${markers.patientId}/export`, { headers });

    expect(response.status).toBe(403);
  });

  it('lets the auditor verify the patient chain', async () => {
    const headers = await authHeaders(server.url, { role: 'auditor' });

    const response = await fetch(`${server.url}/api/v1/audit/patients/${markers.patientId}/verify`, { headers });
    const report = (await response.json()) as { valid: boolean; entries: number };

    expect(response.status).toBe(200);
    expect(report.valid).toBe(true);
    expect(report.entries).toBeGreaterThan(0);
  });

  it('rejects erasure by another patient', async () => {
    const headers = await authHeaders(server.url, { role: 'patient', patientId: 'someone-else' });

    const response = await fetch(`${server.url}/api/v1/patients/${markers.patientId}/erasure`, { method: 'POST', headers });

    expect(response.status).toBe(403);
  });

  it('erases the patient at their request', async () => {
    const headers = await authHeaders(server.url, { role: 'patient', patientId: markers.patientId });

    const response = await fetch(`${server.url}/api/v1/patients/${markers.patientId}/erasure`, { method: 'POST', headers });
    const result = (await response.json()) as { firstErasure: boolean; purgedReadModels: string[] };

    expect(response.status).toBe(200);
    expect(result.firstErasure).toBe(true);
    expect(result.purgedReadModels).toContain('patients');
    const read = await fetch(`${server.url}/api/v1/patients/${markers.patientId}`, { headers });
    expect(read.status).toBe(404);
  });
});
