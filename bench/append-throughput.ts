import { randomUUID } from 'node:crypto';

import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';

import { SqlEventStore } from '../infra/event-store/sql/sql-event-store';
import { PostgresClient } from '../infra/sql/postgres-client';
import { createDatabase, requireDatabaseUrl, round } from './support';

// Append throughput on PostgreSQL with 1, 8 and 64 concurrent writers, single events and batches
// of 10, against @event-driven-io/emmett-postgresql on the same server in the same run. Each
// writer appends to its own stream with the exact expected version, as a command handler does.
// Both stores get the same pg.Pool settings (one connection per writer, at most 64).
//
//   DATABASE_URL=postgres://ohip:ohip@127.0.0.1:5432/ohip node dist/bench/append-throughput.js
//   BENCH_SECONDS (default 5) sets how long each configuration runs.

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const writerCounts = [1, 8, 64];
const batchSizes = [1, 10];

type AppendFunction = (streamId: string, count: number, expected: bigint) => Promise<void>;

interface Contender {
  name: string;
  append: AppendFunction;
  close(): Promise<void>;
}

async function ohipForward(url: string, connections: number): Promise<Contender> {
  const sql = new PostgresClient({ connectionString: url, max: connections });
  const store = await SqlEventStore.create(sql);
  return {
    name: 'ohip-forward',
    async append(streamId, count, expected) {
      const events = Array.from({ length: count }, (_, index) => ({
        eventId: randomUUID(),
        type: 'ObservationRecorded',
        schemaVersion: 1,
        data: sampleData(index),
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'bench', role: 'system' },
      }));
      await store.appendToStream(streamId, events, expected === 0n ? 'no_stream' : expected);
    },
    close: () => sql.close(),
  };
}

async function emmett(url: string, connections: number): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: connections });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool, pooled: true } });
  await store.appendToStream(`warmup-${randomUUID()}`, [{ type: 'Warmup', data: {} }]);
  return {
    name: 'emmett-postgresql 0.42',
    async append(streamId, count, expected) {
      const events = Array.from({ length: count }, (_, index) => ({ type: 'ObservationRecorded', data: sampleData(index) }));
      await store.appendToStream(streamId, events, { expectedStreamVersion: expected });
    },
    async close() {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

function sampleData(index: number) {
  return {
    patientId: 'bench-patient',
    observationId: randomUUID(),
    category: 'vital-signs',
    code: { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' },
    value: { quantity: 60 + (index % 40), unit: '/min', text: null, components: [] },
    effectiveAt: new Date().toISOString(),
  };
}

async function measure(contender: Contender, writers: number, batch: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  const run = randomUUID().slice(0, 8);
  let events = 0;

  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const streamId = `bench-${run}-${writer}`;
      let version = 0n;
      while (Date.now() < deadline) {
        await contender.append(streamId, batch, version);
        version += BigInt(batch);
        events += batch;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return events / elapsed;
}

async function main(): Promise<void> {
  const serverUrl = requireDatabaseUrl();
  const rows: string[] = [];

  for (const writers of writerCounts) {
    for (const batch of batchSizes) {
      const ours = await createDatabase(serverUrl, 'ours');
      const theirs = await createDatabase(serverUrl, 'emmett');
      const connections = Math.min(64, writers);
      const contenders = [await ohipForward(ours.url, connections), await emmett(theirs.url, connections)];

      const rates: number[] = [];
      for (const contender of contenders) {
        rates.push(await measure(contender, writers, batch));
        await contender.close();
      }
      await ours.drop();
      await theirs.drop();

      const ratio = rates[0]! / rates[1]!;
      rows.push(`| ${writers} | ${batch} | ${Math.round(rates[0]!)} | ${Math.round(rates[1]!)} | ${round(ratio)}x |`);
      process.stdout.write(`writers=${writers} batch=${batch} ohip=${Math.round(rates[0]!)} ev/s emmett=${Math.round(rates[1]!)} ev/s ratio=${round(ratio)}\n`);
    }
  }

  process.stdout.write(`\n| writers | events per append | OHIP Forward (events/s) | Emmett (events/s) | ratio |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
