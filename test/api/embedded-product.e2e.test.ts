import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../../infra/config/config';
import { sharedDataDirectory } from '../../infra/config/shared-data';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../support/auth';

// The embedded product as a user meets it: started on PGlite in an empty data folder, it imports
// the Ontario facilities and the Synthea patients, and the read API lists them.

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-e2e-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(loadConfig({ OHIP_DATA_DIR: dataDirectory, PORT: '0', LOG_LEVEL: 'silent', OHIP_SEED_DEMO_DIRECTORY: 'false' }));
  await server.imported;
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

// Response bodies are checked field by field below, so they are read as loosely typed JSON.
type Json = any;

// The test reads and writes as an administrator; reading imported records needs break-glass.
const operator = () => authHeaders(server.url, { role: 'admin', breakGlassReason: 'end-to-end test of the imported records' });

async function get(route: string): Promise<{ status: number; type: string; body: Json }> {
  const response = await fetch(`${server.url}${route}`, { headers: await operator() });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.json() };
}

async function post(route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Json }> {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await operator()), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.json() };
}

function syntheaBundle(name = 'Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json') {
  return JSON.parse(readFileSync(path.join(sharedDataDirectory(), 'fhir', 'synthea', name), 'utf8'));
}

describe('embedded product on the shared data', () => {
  it('lists every Ontario facility', async () => {
    const { status, body } = await get('/api/v1/provider-locations?pageSize=5');

    expect(status).toBe(200);
    expect(body.total).toBe(11_352);
    expect(body.items).toHaveLength(5);
  });

  it('filters facilities by service type', async () => {
    const { body } = await get(`/api/v1/provider-locations?serviceType=${encodeURIComponent('Hospital - Site')}&pageSize=100`);

    expect(body.total).toBe(78);
    expect(body.items.every((item: { serviceType: string }) => item.serviceType === 'Hospital - Site')).toBe(true);
  });

  it('lists the Synthea patients with their history', async () => {
    const { body } = await get('/api/v1/patients?pageSize=100');
    const liz = body.items.find((item: { name: { family: string } }) => item.name.family === 'Conn');

    expect(body.total).toBe(8);
    expect(liz).toMatchObject({ conditionCount: 1, observationCount: 36, birthDate: '1986-11-28' });
  });

  it('returns one patient with conditions and observations', async () => {
    const { status, body } = await get('/api/v1/patients/ee9f8dd8-72d2-4769-8020-89e504b1504b');

    expect(status).toBe(200);
    expect(body.conditions[0].code).toEqual({ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension' });
    expect(body.recentObservations.length).toBe(36);
  });

  it('answers an unknown patient with 404 problem details', async () => {
    const { status, type, body } = await get('/api/v1/patients/no-such-patient');

    expect(status).toBe(404);
    expect(type).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('rejects a page size over 100 naming the field', async () => {
    const { status, body } = await get('/api/v1/provider-locations?pageSize=500');

    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'pageSize', rule: 'must be 100 or less' }]);
  });
});

describe('writes', () => {
  const patient = {
    name: { given: ['Émilie'], family: 'Gagnon' },
    gender: 'female',
    birthDate: '1990-04-12',
    address: { line: ['100 Rue Main'], city: 'Ottawa', province: 'ON', postalCode: 'K1N 5T5' },
    preferredLanguage: 'fr',
  };

  it('reads its own write when asked to wait', async () => {
    const created = await post('/api/v1/patients?waitFor=patients', patient);
    const { status, body } = await get(`/api/v1/patients/${created.body.patientId}`);

    expect(created.status).toBe(201);
    expect(created.body.readModel).toEqual({ projection: 'patients', caughtUp: true });
    expect(status).toBe(200);
    expect(body.name).toEqual({ given: 'Émilie', family: 'Gagnon' });
  });

  it('stores a retried registration once', async () => {
    const body = { ...patient, patientId: '3f1b5a7e-0c2d-4e6f-8a9b-1c2d3e4f5a6b' };
    const first = await post('/api/v1/patients', body, { 'idempotency-key': 'register-gagnon-0001' });
    const retry = await post('/api/v1/patients', body, { 'idempotency-key': 'register-gagnon-0001' });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.idempotentReplay).toBe(true);
    expect(retry.body.streamVersion).toBe(first.body.streamVersion);
  });

  it('rejects a bad registration with every field and changes nothing', async () => {
    const before = (await get('/api/v1/patients?pageSize=1')).body.total;

    const { status, body } = await post('/api/v1/patients', { ...patient, gender: 'x', birthDate: '12/04/1990' });

    expect(status).toBe(400);
    expect(body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['birthDate', 'gender']);
    expect((await get('/api/v1/patients?pageSize=1')).body.total).toBe(before);
  });

  it('rejects malformed JSON', async () => {
    const { status, type } = await post('/api/v1/patients', '{"name": ');

    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
  });

  it('refuses a bundle with a bad entry and stores none of it', async () => {
    const bundle = syntheaBundle('Arla_Lang_0c89b627-646b-40ff-a620-c8509a10912c.json');
    const patientEntry = bundle.entry.find((entry: { resource: { resourceType: string } }) => entry.resource.resourceType === 'Patient');
    patientEntry.resource.id = 'arla-copy-1';
    patientEntry.fullUrl = 'urn:uuid:arla-copy-1';
    for (const entry of bundle.entry) {
      if (entry.resource.subject) entry.resource.subject.reference = 'urn:uuid:arla-copy-1';
    }
    const index = bundle.entry.findIndex((entry: { resource: { resourceType: string } }) => entry.resource.resourceType === 'Observation');
    bundle.entry[index].resource.valueQuantity = { value: 'high', unit: 'mg' };

    const { status, body } = await post('/api/v1/fhir/Bundle', bundle);

    expect(status).toBe(422);
    expect(body.errors).toContainEqual({ field: `entry[${index}].resource.valueQuantity.value`, rule: 'must be a finite number' });
    expect((await get('/api/v1/patients/arla-copy-1')).status).toBe(404);
  });

  it('refuses a second import of the same patient', async () => {
    const { status } = await post('/api/v1/fhir/Bundle', syntheaBundle());

    expect(status).toBe(409);
  });
});

describe('operations', () => {
  it('reports ready with its projections and import', async () => {
    const { status, body } = await get('/ready');

    expect(status).toBe(200);
    expect(body.projections.map((projection: { name: string }) => projection.name)).toEqual(expect.arrayContaining(['patients', 'provider_locations']));
    expect(body.import.map((dataset: { state: string }) => dataset.state)).toEqual(['done', 'done']);
  });

  it('exports projection lag for Prometheus', async () => {
    // The access events of the reads above reach the projections at their next poll, so the lag
    // falls to 0 within a poll interval rather than at once.
    const scrape = async () => (await fetch(`${server.url}/metrics`, { headers: await operator() })).text();
    let text = await scrape();
    for (let attempt = 0; attempt < 50 && !text.includes('ohip_projection_lag_events{projection="patients"} 0'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await scrape();
    }

    expect(text).toContain('ohip_projection_lag_seconds{projection="patients"}');
    expect(text).toContain('ohip_projection_lag_events{projection="patients"} 0');
  });

  it('answers an unknown route with problem details', async () => {
    const { status, body } = await get('/api/v1/nothing-here');

    expect(status).toBe(404);
    expect(body.title).toBe('Not found');
  });
});
