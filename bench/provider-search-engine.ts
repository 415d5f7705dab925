// Measures provider search on OpenSearch with 50,000 providers, and on PostgreSQL with the same
// providers for comparison. It generates demo practitioners for the real Ontario facilities and
// indexes them through each adapter's own projection code. A small HTTP server then serves
// GET /api/v1/providers over the adapter, and a second process sends the search mix of
// bench/provider-search.ts at a fixed rate (open loop).
// Run: npm run build && OPENSEARCH_URL=http://127.0.0.1:9200 DATABASE_URL=postgres://... \
//        node dist/bench/provider-search-engine.js [opensearch|postgresql|both] [requests per second, default 300]

import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { parse } from 'csv-parse/sync';

import {
  createSeededRandom,
  generateDemoProviders,
  pickOne,
  providerDecider,
  type FacilityLocation,
  type ProviderEvent,
} from '../domain/providers';
import { facilityToLocation, type FacilityRow } from '../domain/providers/ontario-facilities';
import { providerDirectoryProjection } from '../projections/directory/provider-directory.projection';
import { liveSchema } from '../projections/runner/projection';
import { providerSearchQuerySchema, toProviderSearchQuery } from '../read-api/directory/provider-search.query';
import { sharedDataFile } from '../infra/config/shared-data';
import type { StoredEvent } from '../infra/event-store/event-store.port';
import { EngineProviderSearch } from '../infra/search/engine/engine-provider-search';
import { createProviderIndex, indexProviderEvents } from '../infra/search/engine/provider-index-projection';
import { OpenSearchEngineClient } from '../infra/search/engine/opensearch-engine-client';
import { PostgresProviderSearch } from '../infra/search/postgres-provider-search';
import type { ProviderSearch } from '../infra/search/provider-search.port';
import { PostgresClient } from '../infra/sql/postgres-client';
import { createScratchDatabase } from '../infra/sql/scratch-database';
import { runOpenLoop, type OpenLoopResult } from './open-loop-load';

const PROVIDERS = 50_000;
const TARGET_RATE = 300;
const rate = Number(process.argv[3] ?? TARGET_RATE);
const DURATION_SECONDS = 20;
// A just-started OpenSearch compiles its hot paths during the first seconds of load: with 3 s of
// warm-up the first run after a start measured p95 36 ms, later runs 7 to 10 ms.
const WARMUP_SECONDS = 10;
const TARGET_P95_MS = 30;
/** Three to eight practitioners per role: about 50,000 over the province's bookable facilities. */
const PRACTITIONERS_PER_ROLE = { min: 3, max: 8 };
const FACILITIES_PER_CHUNK = 200;
const REGISTERED_AT = '2025-03-03T14:00:00.000Z';

type Engine = 'opensearch' | 'postgresql';

interface Indexed {
  search: ProviderSearch;
  indexSeconds: number;
  close(): Promise<void>;
}

async function main(): Promise<void> {
  const engines = engineChoice(process.argv[2]);
  const batches = generateDirectory();
  for (const engine of engines) {
    const indexed = engine === 'opensearch' ? await indexOnOpenSearch(batches) : await indexOnPostgres(batches);
    try {
      const server = await serve(indexed.search);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const providers = await countProviders(url);
      await runLoad(url, WARMUP_SECONDS);
      const serviceTimes = await oneAtATime(url);
      const result = await runLoad(url, DURATION_SECONDS);
      server.close();
      report(engine, providers, indexed.indexSeconds, result, serviceTimes);
    } finally {
      await indexed.close();
    }
  }
}

function engineChoice(argument: string | undefined): Engine[] {
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`the request rate must be a positive number; got ${process.argv[3]}`);
  if (argument === undefined || argument === 'both') return ['opensearch', 'postgresql'];
  if (argument === 'opensearch' || argument === 'postgresql') return [argument];
  throw new Error(`engine must be opensearch, postgresql or both; got ${argument}`);
}

// The demo generator over every bookable facility, with more practitioners per role than the
// product's seed, decided by the provider aggregate into the events the projections read.
function generateDirectory(): StoredEvent[][] {
  const random = createSeededRandom(20_250_303);
  const facilities = readFacilities();
  const batches: StoredEvent[][] = [];
  let position = 0n;
  let providers = 0;
  for (let start = 0; start < facilities.length && providers < PROVIDERS; start += FACILITIES_PER_CHUNK) {
    const chunk = facilities.slice(start, start + FACILITIES_PER_CHUNK);
    const plans = generateDemoProviders(chunk, { random, now: REGISTERED_AT, weekStartsOn: '2025-03-10', practitionersPerRole: PRACTITIONERS_PER_ROLE }).providers;
    const planned = plans.slice(0, PROVIDERS - providers);
    providers += planned.length;
    batches.push(
      planned.flatMap((plan) => {
        let state = providerDecider.initialState();
        return plan.commands.flatMap((command) => {
          const events = providerDecider.decide(state, command);
          state = events.reduce(providerDecider.evolve, state);
          return events.map((event) => storedEvent(event, plan.providerId, (position += 1n)));
        });
      }),
    );
  }
  if (providers < PROVIDERS) throw new Error(`the facilities gave only ${providers} providers; raise PRACTITIONERS_PER_ROLE`);
  return batches;
}

function readFacilities(): FacilityLocation[] {
  const file = sharedDataFile('providers', 'ON_MOH_service_provider_locations.csv');
  const rows = parse(readFileSync(file), { bom: true, columns: true, skip_empty_lines: true, relax_quotes: true }) as FacilityRow[];
  return rows.flatMap((row) => {
    const mapped = facilityToLocation(row, REGISTERED_AT);
    if (!('location' in mapped)) return [];
    const { location } = mapped;
    return [
      {
        facilityId: location.locationId,
        name: location.name.en,
        serviceType: location.serviceType,
        lat: location.coordinates.lat,
        lng: location.coordinates.lng,
        community: location.address.community,
      },
    ];
  });
}

function storedEvent(event: ProviderEvent, providerId: string, globalPosition: bigint): StoredEvent {
  return {
    eventId: `bench-${globalPosition}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    streamId: `provider-${providerId}`,
    streamVersion: 1n,
    globalPosition,
    recordedAt: new Date(REGISTERED_AT),
    correlationId: 'bench',
    causationId: null,
    actor: { id: 'bench', role: 'system' },
  };
}

async function indexOnOpenSearch(batches: StoredEvent[][]): Promise<Indexed> {
  const url = process.env.OPENSEARCH_URL;
  if (!url) throw new Error('OPENSEARCH_URL is not set; scripts/opensearch.sh start runs OpenSearch on 127.0.0.1:9200');
  const client = new OpenSearchEngineClient(url);
  const alias = `bench-providers-${process.pid}`;
  const started = performance.now();
  const index = await createProviderIndex(client, alias);
  await client.moveAlias(alias, index, []);
  for (const batch of batches) await indexProviderEvents(client, index, batch, { refresh: false });
  // As a rebuild leaves it (ProviderIndexProjection.rebuild).
  await client.forceMerge(index);
  await client.refresh(index);
  const indexSeconds = (performance.now() - started) / 1000;
  return {
    search: new EngineProviderSearch(client, alias),
    indexSeconds,
    close: async () => {
      await client.deleteIndex(index);
      await client.close();
    },
  };
}

async function indexOnPostgres(batches: StoredEvent[][]): Promise<Indexed> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set; scripts/services.sh starts PostgreSQL');
  const database = await createScratchDatabase(serverUrl, 'bench_search_engine');
  const sql = PostgresClient.fromUrl(database.url, 20);
  const schema = liveSchema(providerDirectoryProjection);
  const started = performance.now();
  await sql.exec(`create schema ${schema}; ${providerDirectoryProjection.createTables(schema)}`);
  for (const batch of batches) await sql.transaction((tx) => providerDirectoryProjection.apply(tx, schema, batch));
  await sql.exec(`analyze ${schema}.providers`);
  const indexSeconds = (performance.now() - started) / 1000;
  return {
    search: new PostgresProviderSearch(sql),
    indexSeconds,
    close: async () => {
      await sql.close();
      await database.drop();
    },
  };
}

// The API's own schema reads the query string. The Nest stack around it is left out, so the
// figures are the adapter's and the engine's.
function serve(search: ProviderSearch): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const parameters = Object.fromEntries(new URL(request.url ?? '/', 'http://bench').searchParams);
    const parsed = providerSearchQuerySchema.safeParse(parameters);
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!parsed.success) return answer(400, { detail: parsed.error.message });
    search.search(toProviderSearchQuery(parsed.data)).then(
      (result) => answer(200, result),
      (error: unknown) => answer(500, { detail: String(error) }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function countProviders(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/providers?pageSize=1`);
  const body = (await response.json()) as { total?: number };
  if (response.status !== 200 || (body.total ?? 0) < PROVIDERS) {
    throw new Error(`the search returned status ${response.status} with ${body.total} providers; expected ${PROVIDERS}`);
  }
  return body.total!;
}

// The search mix of bench/provider-search.ts (that script starts its own run when loaded, so the
// mix is repeated here): near me, by specialty, free text, filters and pages.
const CITIES = [
  { lat: 43.6532, lng: -79.3832 },
  { lat: 45.4215, lng: -75.6972 },
  { lat: 43.2557, lng: -79.8711 },
  { lat: 42.9849, lng: -81.2453 },
  { lat: 44.2312, lng: -76.486 },
  { lat: 46.4917, lng: -80.993 },
  { lat: 48.3809, lng: -89.2477 },
  { lat: 42.3149, lng: -83.0364 },
  { lat: 48.4758, lng: -81.3305 },
  { lat: 44.3894, lng: -79.6903 },
];
const SPECIALTIES = ['family-medicine', 'minor-ailments', 'mental-health', 'diagnostic-imaging', 'laboratory', 'midwifery', 'immunization'];
const TEXTS = ['family medicine', 'pharmacie', 'santé mentale', 'midwife', 'Tremblay', 'nurse practitioner', 'imagerie'];

function searchMix(count = 300): string[] {
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

// Each search of the mix once, one after the other: the time a request takes without queueing,
// which tells a slow engine from a machine too busy for the rate.
async function oneAtATime(url: string): Promise<number[]> {
  const latenciesMs: number[] = [];
  for (const path of searchMix()) {
    const started = performance.now();
    const response = await fetch(`${url}${path}`);
    await response.arrayBuffer();
    latenciesMs.push(performance.now() - started);
  }
  return latenciesMs;
}

// The load comes from a forked process, so the server's event loop is not shared with it.
function runLoad(url: string, seconds: number): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(__filename, ['--load-worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    worker.once('message', (message) => resolve(message as OpenLoopResult));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load worker exited with code ${code}`));
    });
    worker.send({ url, seconds, rate, paths: searchMix() });
  });
}

async function loadWorker(): Promise<void> {
  const message = await new Promise<{ url: string; seconds: number; rate: number; paths: string[] }>((resolve) => process.once('message', resolve as never));
  const summary = await runOpenLoop(message.url, message.paths, message.rate, message.seconds);
  process.send!(summary, undefined, {}, () => process.exit(0));
}

function report(engine: Engine, providers: number, indexSeconds: number, figures: OpenLoopResult, serviceTimes: number[]): void {
  const percentiles = (latencies: number[]) => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  };
  const percentile = percentiles(figures.latenciesMs);
  const service = percentiles(serviceTimes);
  const p95 = percentile(0.95);
  process.stdout.write(
    `provider search on ${engine}, ${providers} providers (indexed in ${indexSeconds.toFixed(1)} s), ` +
      `target ${rate} req/s for ${DURATION_SECONDS} s, evenly paced (open loop)\n` +
      `  achieved ${(figures.requests / figures.seconds).toFixed(0)} req/s (${figures.requests} responses, ${figures.non2xx} non-2xx, ${figures.errors} errors)\n` +
      `  p50 ${percentile(0.5).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  p99 ${percentile(0.99).toFixed(1)} ms  max ${percentile(1).toFixed(1)} ms` +
      `  (target p95 under ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'missed'})\n` +
      `  one request at a time over the ${serviceTimes.length} searches of the mix: p50 ${service(0.5).toFixed(1)} ms  p95 ${service(0.95).toFixed(1)} ms  max ${service(1).toFixed(1)} ms\n`,
  );
}

const run = process.argv.includes('--load-worker') ? loadWorker : main;
run().catch((error: unknown) => {
  process.stderr.write(`provider search engine benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
