// Books under contention and one at a time, through the HTTP API of the product started in this
// process, on PGlite and (when DATABASE_URL is set) on a scratch PostgreSQL database:
//
//   race        1,000 concurrent attempts on 100 slots: bookings, conflicts with alternatives,
//               slots booked twice, read-model rows that disagree with the events
//   sequential  bookings one after another with ?waitFor=appointments, whose p95 is the figure
//               the 50 ms target is about (the race's latencies include queueing behind 999 others)
//
// Run: npm run build && LOG_LEVEL=silent node dist/bench/booking.js [sequentialBookings]

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { loadConfig } from '../infra/config/config';
import { startServer } from '../server';
import { measureSequentialBookings, percentile, runBookingRace } from '../write-api/scheduling/booking-race';

const RACE = { slots: 100, attempts: 1_000, spareSlots: 20 };
const DEFAULT_SEQUENTIAL = 200;
const TARGET_P95_MS = 50;

interface Engine {
  name: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function main(): Promise<void> {
  const sequential = Number(process.argv[2] ?? DEFAULT_SEQUENTIAL);
  const engines: Engine[] = [pgliteEngine()];
  if (process.env.DATABASE_URL) engines.push(await postgresEngine(process.env.DATABASE_URL));
  else process.stdout.write('DATABASE_URL is not set: PostgreSQL is skipped\n');

  let failed = false;
  for (const engine of engines) {
    try {
      failed = (await measure(engine, sequential)) || failed;
    } finally {
      await engine.cleanup();
    }
  }
  process.exitCode = failed ? 1 : 0;
}

async function measure(engine: Engine, sequential: number): Promise<boolean> {
  const server = await startServer(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false', ...engine.env }));
  try {
    const race = await runBookingRace(server, RACE);
    const latencies = await measureSequentialBookings(server, sequential);
    const raceCorrect =
      race.booked === RACE.slots &&
      race.conflicts === RACE.attempts - RACE.slots &&
      race.conflictsWithAlternatives === race.conflicts &&
      race.doubleBookedSlots === 0 &&
      race.readModelMismatches === 0 &&
      Object.keys(race.otherStatuses).length === 0;
    const p95 = percentile(latencies, 0.95);

    process.stdout.write(
      `\n${engine.name}\n` +
        `  race: ${RACE.attempts} attempts on ${RACE.slots} slots in ${race.wallSeconds.toFixed(2)} s: ${race.booked} booked, ` +
        `${race.conflicts} conflicts (${race.conflictsWithAlternatives} with alternatives), other statuses ${JSON.stringify(race.otherStatuses)}, ` +
        `${race.doubleBookedSlots} slots booked twice, ${race.readModelMismatches} read-model mismatches -> ${raceCorrect ? 'correct' : 'WRONG'}\n` +
        `  race latency per attempt: p50 ${percentile(race.latenciesMs, 0.5).toFixed(1)} ms  p95 ${percentile(race.latenciesMs, 0.95).toFixed(1)} ms  max ${Math.max(...race.latenciesMs).toFixed(1)} ms\n` +
        `  sequential: ${latencies.length} bookings with ?waitFor=appointments: p50 ${percentile(latencies, 0.5).toFixed(1)} ms  ` +
        `p95 ${p95.toFixed(1)} ms  p99 ${percentile(latencies, 0.99).toFixed(1)} ms  (target p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'missed'})\n`,
    );
    return !raceCorrect;
  } finally {
    await server.close();
  }
}

function pgliteEngine(): Engine {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-bench-booking-'));
  return {
    name: 'PGlite (embedded, event store and read models in one process)',
    env: { OHIP_EVENT_STORE: 'pglite', OHIP_DATA_DIR: dataDirectory },
    cleanup: async () => rmSync(dataDirectory, { recursive: true, force: true }),
  };
}

// The benchmark writes only to a database it creates and drops, never to the one named in DATABASE_URL.
async function postgresEngine(serverUrl: string): Promise<Engine> {
  const name = `ohip_bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-bench-booking-'));
  return {
    name: `PostgreSQL (${url.host}, scratch database ${name})`,
    env: { OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: url.toString(), OHIP_DATA_DIR: dataDirectory },
    async cleanup() {
      const cleanup = new Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`booking benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
