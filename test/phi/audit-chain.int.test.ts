import pino from 'pino';

import { auditAccessesProjection } from '../../infra/audit/audit-accesses.projection';
import { AuditChainVerifier } from '../../infra/audit/audit-chain-verifier';
import { ChainedAccessAuditor } from '../../infra/audit/chained-access-auditor';
import type { AccessEntry } from '../../infra/auth/phi-route';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import type { SqlClient } from '../../infra/sql/sql-client';
import { liveSchema } from '../../projections/runner/projection';
import { openPGliteForTests, openPostgresForTests, postgresUrlForTests } from '../support/databases';

// The audit streams' hash chain as stored: concurrent recorders (two auditors, as two processes
// would be) keep one unbroken chain per patient, and tampering with the SQL table directly is
// found and named.

const silent = pino({ level: 'silent' });
const adapters: [string, () => Promise<{ sql: SqlClient; dispose(): Promise<void> }>][] = [['pglite', openPGliteForTests]];
const postgresUrl = postgresUrlForTests();
if (postgresUrl) adapters.push(['postgresql', () => openPostgresForTests(postgresUrl)]);

function access(patientId: string, index: number): AccessEntry {
  return {
    actor: `provider-${index % 3}`,
    role: 'provider',
    purpose: 'treatment',
    patientId,
    resource: 'Patient',
    route: '/api/v1/patients/:patientId',
    result: index % 5 === 0 ? 'denied' : 'allowed',
    correlationId: `c-${index}`,
    accessedAt: new Date(Date.UTC(2026, 2, 1, 12, 0, index)).toISOString(),
  };
}

describe.each(adapters)('audit chain on %s', (_adapter, open) => {
  let sql: SqlClient;
  let dispose: () => Promise<void>;
  let store: SqlEventStore;
  let verifier: AuditChainVerifier;

  beforeEach(async () => {
    ({ sql, dispose } = await open());
    store = await SqlEventStore.create(sql);
    verifier = new AuditChainVerifier(store, sql);
  });

  afterEach(async () => {
    await store.close();
    await dispose();
  });

  async function recordConcurrently(patientId: string, count: number): Promise<void> {
    const first = new ChainedAccessAuditor(store, silent, 1);
    const second = new ChainedAccessAuditor(store, silent, 1);
    await Promise.all(Array.from({ length: count }, (_, index) => (index % 2 === 0 ? first : second).record(access(patientId, index))));
  }

  async function tamper(statement: string, params: unknown[]): Promise<void> {
    const { affectedRows } = await sql.query(statement, params);
    expect(affectedRows).toBeGreaterThan(0);
  }

  it('keeps one chain under concurrent recorders', async () => {
    await recordConcurrently('p-1', 40);

    const report = await verifier.verifyPatient('p-1');
    expect(report).toEqual({ streamId: 'audit-p-1', entries: 40, valid: true });
    const events = await store.readStream('audit-p-1');
    expect(events.map((event) => (event.data as { sequence: number }).sequence)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  });

  it('names a deleted entry', async () => {
    await recordConcurrently('p-2', 6);
    const [third] = await store.readStream('audit-p-2', { fromVersion: 3n, maxCount: 1 });

    await tamper(`delete from es_events where stream_id = $1 and stream_version = 3`, ['audit-p-2']);

    const report = await verifier.verifyPatient('p-2');
    const [second] = await store.readStream('audit-p-2', { fromVersion: 2n, maxCount: 1 });
    expect(report.valid).toBe(false);
    expect(report.brokenLink).toMatchObject({
      streamId: 'audit-p-2',
      sequence: 4,
      expectedHash: (second!.data as { hash: string }).hash,
      foundHash: (third!.data as { hash: string }).hash,
    });
  });

  it('names a reordered entry', async () => {
    await recordConcurrently('p-3', 6);

    await tamper(`update es_events set stream_version = -2 where stream_id = $1 and stream_version = 2`, ['audit-p-3']);
    await tamper(`update es_events set stream_version = 2 where stream_id = $1 and stream_version = 5`, ['audit-p-3']);
    await tamper(`update es_events set stream_version = 5 where stream_id = $1 and stream_version = -2`, ['audit-p-3']);

    const report = await verifier.verifyPatient('p-3');
    expect(report.valid).toBe(false);
    expect(report.brokenLink).toMatchObject({ streamId: 'audit-p-3', sequence: 5 });
    expect(report.brokenLink!.reason).toContain('does not link');
  });

  it('names an edited entry', async () => {
    await recordConcurrently('p-4', 6);

    await tamper(`update es_events set data = jsonb_set(data, '{actorId}', '"someone-else"') where stream_id = $1 and stream_version = 4`, ['audit-p-4']);

    const report = await verifier.verifyPatient('p-4');
    const [edited] = await store.readStream('audit-p-4', { fromVersion: 4n, maxCount: 1 });
    expect(report.valid).toBe(false);
    expect(report.brokenLink).toMatchObject({ streamId: 'audit-p-4', sequence: 4, foundHash: (edited!.data as { hash: string }).hash });
    expect(report.brokenLink!.expectedHash).not.toBe(report.brokenLink!.foundHash);
    expect(report.brokenLink!.reason).toContain('content was changed');
  });

  it('names entries cut from the end', async () => {
    await recordConcurrently('p-7', 6);
    const [fourth] = await store.readStream('audit-p-7', { fromVersion: 4n, maxCount: 1 });

    await tamper(`delete from es_events where stream_id = $1 and stream_version > 4`, ['audit-p-7']);

    const report = await verifier.verifyPatient('p-7');
    expect(report.valid).toBe(false);
    expect(report.brokenLink).toMatchObject({ streamId: 'audit-p-7', sequence: 5, expectedHash: (fourth!.data as { hash: string }).hash });
    expect(report.brokenLink!.reason).toContain("entries 5 to 6 are missing from the end, but the stream's version is 6");
  });

  it('finds a cut end through the index', async () => {
    const schema = liveSchema(auditAccessesProjection);
    await sql.exec(`create schema if not exists ${schema}; ${auditAccessesProjection.createTables(schema)}`);
    await recordConcurrently('p-8', 5);
    const entries = await store.readStream('audit-p-8');
    await sql.transaction((tx) => auditAccessesProjection.apply(tx, schema, entries));

    // The tampering also lowers the stream's version to match.
    await tamper(`delete from es_events where stream_id = $1 and stream_version > 3`, ['audit-p-8']);
    await tamper(`update es_streams set version = 3 where stream_id = $1`, ['audit-p-8']);

    const report = await verifier.verifyPatient('p-8');
    expect(report.valid).toBe(false);
    expect(report.brokenLink).toMatchObject({ streamId: 'audit-p-8', sequence: 4 });
    expect(report.brokenLink!.reason).toContain("the auditor's index holds entry 5");
  });

  it('lists only the broken streams when verifying all', async () => {
    await recordConcurrently('p-5', 3);
    await recordConcurrently('p-6', 3);
    await tamper(`update es_events set data = jsonb_set(data, '{actorId}', '"someone-else"') where stream_id = $1 and stream_version = 1`, ['audit-p-6']);

    const result = await verifier.verifyAll();

    expect(result.streams).toBe(2);
    expect(result.broken.map((report) => report.streamId)).toEqual(['audit-p-6']);
  });
});
