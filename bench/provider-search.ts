// Measures GET /api/v1/providers under a steady load. It starts the product (on PostgreSQL in a
// scratch database, then on the embedded PGlite for comparison) and waits for the demo directory
// seed. A second process then sends a mix of realistic searches at a fixed rate.
// Run: npm run build && DATABASE_URL=postgres://... node dist/bench/provider-search.js [postgresql|pglite|both]

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';


import { createScratchDatabase as createScratchDatabaseOn, type ScratchDatabase } from '../infra/sql/scratch-database';
import { runOpenLoop } from './open-loop-load';

import { createSeededRandom, pickOne } from '../domain/providers';

/** The request rate the product must hold; a clinic portal at peak, with room to spare. */
const TARGET_RATE = 500;
const DURATION_SECONDS = 20;
const WARMUP_SECONDS = 3;
const MIN_PROVIDERS = 5_000;
/** Import and seed take about 3 minutes on PGlite on a busy 2-core machine; this is the ceiling. */
const SEED_TIMEOUT_MS = 900_000;

const CITIES = [
  { name: 'Toronto', lat: 43.6532, lng: -79.3832 },
  { name: 'Ottawa', lat: 45.4215, lng: -75.6972 },
  { name: 'Hamilton', lat: 43.2557, lng: -79.8711 },
  { name: 'London', lat: 42.9849, lng: -81.2453 },
  { name: 'Kingston', lat: 44.2312, lng: -76.486 },
  { name: 'Greater Sudbury', lat: 46.4917, lng: -80.993 },
  { name: 'Thunder Bay', lat: 48.3809, lng: -89.2477 },
  { name: 'Windsor', lat: 42.3149, lng: -83.0364 },
  { name: 'Timmins', lat: 48.4758, lng: -81.3305 },
  { name: 'Barrie', lat: 44.3894, lng: -79.6903 },
];
const SPECIALTIES = ['family-medicine', 'minor-ailments', 'mental-health', 'diagnostic-imaging', 'laboratory', 'midwifery', 'immunization'];
const TEXTS = ['family medicine', 'pharmacie', 'santé mentale', 'midwife', 'Tremblay', 'nurse practitioner', 'imagerie'];

/** Returns distinct searches a patient app sends: near me, by specialty, free text, filters and pages. */
export function searchMix(count = 300): string[] {
  const random = createSeededRandom(42);
  const shapes: (() => string)[] = [
    () => {
      const city = pickOne(random, CITIES);
      return `lat=${city.lat}&lng=${city.lng}&radius_km=${pickOne(random, [5, 10, 25, 50])}&specialty=${pickOne(random, SPECIALTIES)}&sort=distance`;
    },
    () => {
      const city = pickOne(random, CITIES);
      return `lat=${city.lat}&lng=${city.lng}&radius_km=${pickOne(random, [10, 25, 100])}&language=fr&accessible=true&facets=true`;
    },
    () => `q=${encodeURIComponent(pickOne(random, TEXTS))}`,
    () => `specialty=${pickOne(random, SPECIALTIES)}&rating_min=4&sort=rating&page=${1 + Math.floor(random.next() * 5)}`,
    () => `telemedicine=true&language=${pickOne(random, ['en', 'fr', 'zh', 'pa', 'ar'])}&facets=true`,
    () => `available=true&sort=wait_time&specialty=${pickOne(random, SPECIALTIES)}`,
    () => `facets=true&pageSize=${pickOne(random, [10, 20, 50])}`,
  ];
  return Array.from({ length: count }, () => `/api/v1/providers?${pickOne(random, shapes)()}`);
}

interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
  latenciesMs: number[];
}

async function main(): Promise<void> {
  const engines = engineChoice(process.argv[2]);
  for (const engine of engines) {
    const figures = await measureEngine(engine);
    report(engine, figures);
  }
}

function engineChoice(argument: string | undefined): ('postgresql' | 'pglite')[] {
  if (argument === undefined || argument === 'both') return ['postgresql', 'pglite'];
  if (argument === 'postgresql' || argument === 'pglite') return [argument];
  throw new Error(`engine must be postgresql, pglite or both; got ${argument}`);
}

async function measureEngine(engine: 'postgresql' | 'pglite'): Promise<LoadResult & { providers: number; seedMs: number }> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-bench-search-'));
  const database = engine === 'postgresql' ? await createScratchDatabase() : undefined;
  const environment: NodeJS.ProcessEnv = { ...process.env, OHIP_DATA_DIR: dataDirectory, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', MALLOC_ARENA_MAX: '1' };
  delete environment.OHIP_EVENT_STORE;
  if (database) Object.assign(environment, { OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: database.url });

  const started = Date.now();
  const product = spawn(process.execPath, ['--max-semi-space-size=2', '--max-old-space-size=256', path.join(__dirname, '..', 'main.js')], {
    env: environment,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await waitForSeed(product);
    const seedMs = Date.now() - started;
    const providers = await countProviders(url);
    process.stdout.write(`${engine}: ${providers} providers ready ${(seedMs / 1000).toFixed(0)} s after start\n`);

    await runLoad(url, WARMUP_SECONDS);
    const result = await runLoad(url, DURATION_SECONDS);
    return { ...result, providers, seedMs };
  } finally {
    await stop(product);
    await database?.drop();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

// The product logs one JSON line per entry; the URL is in "serving" and the seed's end in its own line.
function waitForSeed(product: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let url: string | undefined;
    const timer = setTimeout(() => reject(new Error(`the demo directory was not seeded within ${SEED_TIMEOUT_MS / 1000} s`)), SEED_TIMEOUT_MS);
    product.once('exit', (code) => reject(new Error(`the product exited with code ${code} before the seed finished`)));
    createInterface({ input: product.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; url?: string; state?: string; level?: number };
      if (entry.msg === 'serving') url = entry.url;
      if (entry.level !== undefined && entry.level >= 50) process.stderr.write(`${line}\n`);
      if (entry.msg === 'demo directory seed finished' && url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
}

async function countProviders(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/providers?pageSize=1`);
  const body = (await response.json()) as { total?: number; items?: { providerId?: string }[] };
  if (response.status !== 200 || body.items?.[0]?.providerId === undefined) {
    throw new Error(`GET /api/v1/providers did not return providers (status ${response.status}); is the facility list still mounted on that route?`);
  }
  if ((body.total ?? 0) < MIN_PROVIDERS) {
    throw new Error(`only ${body.total} providers were seeded; the benchmark needs at least ${MIN_PROVIDERS}`);
  }
  return body.total!;
}

// The load comes from a forked process, so the product's event loop is not shared with it.
function runLoad(url: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(__filename, ['--load-worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.once('message', (message) => resolve(message as LoadResult));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load worker exited with code ${code}`));
    });
    worker.send({ url, seconds, paths: searchMix() });
  });
}

async function loadWorker(): Promise<void> {
  const { url, seconds, paths } = await new Promise<{ url: string; seconds: number; paths: string[] }>((resolve) => process.once('message', resolve as never));
  const summary: LoadResult = await runOpenLoop(url, paths, TARGET_RATE, seconds);
  process.send!(summary, undefined, {}, () => process.exit(0));
}

function report(engine: string, figures: LoadResult & { providers: number; seedMs: number }): void {
  const sorted = [...figures.latenciesMs].sort((a, b) => a - b);
  const percentile = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  const p95 = percentile(0.95);
  process.stdout.write(
    `GET /api/v1/providers on ${engine}, ${figures.providers} providers, target ${TARGET_RATE} req/s for ${DURATION_SECONDS} s, evenly paced (open loop)\n` +
      `  achieved ${(figures.requests / figures.seconds).toFixed(0)} req/s (${figures.requests} responses, ${figures.non2xx} non-2xx, ${figures.errors} errors)\n` +
      `  p50 ${percentile(0.5).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  p99 ${percentile(0.99).toFixed(1)} ms  max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms` +
      `  (target p95 under 20 ms: ${p95 < 20 ? 'met' : 'missed'})\n`,
  );
}

async function createScratchDatabase(): Promise<ScratchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('DATABASE_URL is not set; point it at a PostgreSQL server (scripts/services.sh starts one), or run with pglite');
  }
  return createScratchDatabaseOn(serverUrl, 'bench_search');
}

function stop(product: ChildProcess): Promise<void> {
  if (product.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    product.once('exit', () => resolve());
    product.kill('SIGTERM');
  });
}

const run = process.argv.includes('--load-worker') ? loadWorker : main;
run().catch((error: unknown) => {
  process.stderr.write(`provider search benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
