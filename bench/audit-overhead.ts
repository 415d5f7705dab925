// What recording PHI accesses costs a read: the same PHI read (GET /api/v1/patients/:patientId as
// the patient themself) against the product started with auditing off (OHIP_PHI_AUDIT=false, a
// setting production rejects) and on, one client at a time and with concurrent clients, on PGlite
// and (when DATABASE_URL is set) on a scratch PostgreSQL database. The target is a p50 and p95 with
// auditing of at most 1.3 times those without.
//
// Run: npm run bench:audit [requestsPerClient] [pglite|postgresql]

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../infra/config/config';
import { createScratchDatabase } from '../infra/sql/scratch-database';
import { startServer, type RunningServer } from '../server';

const PATIENTS = 50;
const DEFAULT_REQUESTS_PER_CLIENT = 200;
const CLIENT_COUNTS = [1, 8];
const TARGET_RATIO = 1.3;
const ROUNDS = 10;

interface Latencies {
  p50: number;
  p95: number;
  requestsPerSecond: number;
}

async function main(): Promise<void> {
  const requestsPerClient = Number(process.argv[2] ?? DEFAULT_REQUESTS_PER_CLIENT);
  const onlyEngine = process.argv[3];
  if (onlyEngine !== undefined && onlyEngine !== 'pglite' && onlyEngine !== 'postgresql') {
    throw new Error(`invalid engine ${onlyEngine}: use pglite or postgresql`);
  }
  const requested = (engine: string) => onlyEngine === undefined || onlyEngine === engine;

  const engines: [string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>][] = [];
  if (requested('pglite')) {
    engines.push(['pglite', async () => ({ env: {}, drop: async () => undefined })]);
  }
  const serverUrl = process.env.DATABASE_URL;
  if (requested('postgresql') && serverUrl) {
    engines.push([
      'postgresql',
      async () => {
        const database = await createScratchDatabase(serverUrl);
        return { env: { OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: database.url }, drop: () => database.drop() };
      },
    ]);
  } else if (requested('postgresql')) {
    process.stdout.write('DATABASE_URL is not set: PostgreSQL is skipped\n');
  }

  for (const [engine, prepare] of engines) {
    // Both products run side by side and are measured in alternating rounds, so a burst of load
    // from elsewhere on the machine falls on both and not on one mode alone.
    const products = [await openProduct(prepare, 'false'), await openProduct(prepare, 'true')];
    try {
      for (const product of products) await measure(product, 1, 50);
      for (const clients of CLIENT_COUNTS) {
        const [off, on] = [[] as number[], [] as number[]];
        const seconds = [0, 0];
        for (let round = 0; round < ROUNDS; round++) {
          for (const [index, product] of products.entries()) {
            const result = await measure(product, clients, Math.ceil(requestsPerClient / ROUNDS));
            (index === 0 ? off : on).push(...result.latencies);
            seconds[index]! += result.seconds;
          }
        }
        report(engine, clients, summarize(off, seconds[0]!), summarize(on, seconds[1]!));
      }
    } finally {
      for (const product of products) await product.close();
    }
  }
}

interface Product {
  url: string;
  patients: string[];
  tokens: string[];
  close(): Promise<void>;
}

async function openProduct(prepare: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>, audit: 'true' | 'false'): Promise<Product> {
  const database = await prepare();
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-bench-audit-'));
  const server = await startServer(
    loadConfig({
      ...process.env,
      ...database.env,
      OHIP_DATA_DIR: dataDirectory,
      PORT: '0',
      OHIP_IMPORT_SHARED_DATA: 'false',
      OHIP_SEED_DEMO_DIRECTORY: 'false',
      OHIP_MASTER_KEY: randomBytes(32).toString('base64'),
      OHIP_PHI_AUDIT: audit,
    }),
  );
  const patients = await seedPatients(server);
  const tokens = await Promise.all(patients.map((patientId) => tokenFor(server.url, patientId)));
  return {
    url: server.url,
    patients,
    tokens,
    async close() {
      await server.close();
      rmSync(dataDirectory, { recursive: true, force: true });
      await database.drop();
    },
  };
}

function summarize(latencies: number[], seconds: number): Latencies {
  latencies.sort((a, b) => a - b);
  return { p50: percentileOf(latencies, 0.5), p95: percentileOf(latencies, 0.95), requestsPerSecond: latencies.length / seconds };
}

function report(engine: string, clients: number, off: Latencies, on: Latencies): void {
  const p50Ratio = on.p50 / off.p50;
  const p95Ratio = on.p95 / off.p95;
  process.stdout.write(
    `${engine}, ${clients} client(s): ` +
      `off p50 ${off.p50.toFixed(2)} ms p95 ${off.p95.toFixed(2)} ms (${off.requestsPerSecond.toFixed(0)}/s); ` +
      `on p50 ${on.p50.toFixed(2)} ms p95 ${on.p95.toFixed(2)} ms (${on.requestsPerSecond.toFixed(0)}/s); ` +
      `ratio p50 ${p50Ratio.toFixed(2)}x p95 ${p95Ratio.toFixed(2)}x ` +
      `${p50Ratio <= TARGET_RATIO && p95Ratio <= TARGET_RATIO ? 'within' : 'over'} the ${TARGET_RATIO}x target\n`,
  );
}

async function seedPatients(server: RunningServer): Promise<string[]> {
  const patients: string[] = [];
  for (let index = 0; index < PATIENTS; index++) {
    const patientId = `bench-${randomUUID().slice(0, 8)}`;
    patients.push(patientId);
    await server.runtime.store.appendToStream(
      `patient-${patientId}`,
      [
        {
          eventId: randomUUID(),
          type: 'PatientRegistered',
          schemaVersion: 1,
          data: {
            patientId,
            sourceSystem: 'bench',
            sourceId: patientId,
            name: { given: [`Given${index}`], family: `Family${index}` },
            gender: 'female',
            birthDate: '1980-01-01',
            deceasedAt: null,
            address: null,
            phone: null,
            preferredLanguage: 'en',
            registeredAt: '2026-01-01T00:00:00.000Z',
          },
          correlationId: randomUUID(),
          causationId: null,
          actor: { id: 'bench', role: 'system' },
        },
      ],
      'no_stream',
    );
  }
  await server.runtime.waitForProjectionsAtHead();
  return patients;
}

async function tokenFor(baseUrl: string, patientId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/dev-issuer/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'patient', patientId }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`the development issuer refused a token for patient ${patientId}: HTTP ${response.status}`);
  }
  return body.access_token;
}

async function measure(product: Product, clients: number, requestsPerClient: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let request = 0; request < requestsPerClient; request++) {
        const index = (client * requestsPerClient + request) % product.patients.length;
        const patientId = product.patients[index]!;
        const sent = performance.now();
        const response = await fetch(`${product.url}/api/v1/patients/${patientId}`, { headers: { authorization: `Bearer ${product.tokens[index]}` } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /api/v1/patients/${patientId} answered HTTP ${response.status}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function percentileOf(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
