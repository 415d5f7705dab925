import { randomUUID } from 'node:crypto';

import type { Redis } from 'ioredis';
import pino from 'pino';

import { toNewEvents } from '../../commands/shared/aggregate-repository';
import { TriageSessionStore, triageSessionStream } from '../../commands/triage/triage-session-store';
import { triageSessionDecider, type TriageCommand } from '../../domain/triage';
import { startTriage } from '../../domain/triage/fixtures';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { deleteKeysUnder, openCacheConnection } from './redis-connection';
import { describeWithRedis, testPrefix } from '../../test/support/redis';
import { TriageSessionCache } from './triage-session-cache';

// The triage conversation cache with real session stores on PGlite and a real Redis. Each store
// stands for an API process: a fresh one has nothing in memory and starts from Redis. Whatever
// Redis holds, a loaded session must equal the session rebuilt from its events.

const silent = pino({ level: 'silent' });
const operator = { id: 'operator', role: 'admin' as const };

describeWithRedis('triage session cache', (url) => {
  let database: TestSql;
  let store: SqlEventStore;
  let redis: Redis;
  let cache: TriageSessionCache;
  const prefix = testPrefix('triage');

  beforeAll(async () => {
    database = await openPGliteForTests();
    store = await SqlEventStore.create(database.sql);
    redis = openCacheConnection(url);
    cache = new TriageSessionCache(redis, silent, { prefix });
  });

  afterAll(async () => {
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
    await database.dispose();
  });

  /** A process's session store: nothing in memory, the shared cache in Redis. */
  const freshProcess = () => new TriageSessionStore(store, cache);
  /** A session store without Redis, the reference every cached load is compared with. */
  const fromEventsOnly = () => new TriageSessionStore(store, null);

  async function send(sessionId: string, command: TriageCommand): Promise<void> {
    const { state, version } = await fromEventsOnly().load(sessionId);
    const events = triageSessionDecider.decide(state, command);
    const context = { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: operator, receivedAt: new Date().toISOString() };
    await store.appendToStream(triageSessionStream(sessionId), toNewEvents(events, context), version);
  }

  async function startSession(patientId: string): Promise<string> {
    const sessionId = randomUUID();
    await send(sessionId, startTriage({ sessionId, patientId }));
    return sessionId;
  }

  const recordHeartRate = (sessionId: string, heartRate: number): TriageCommand => ({
    type: 'RecordVitalSigns',
    data: { sessionId, vitals: { heartRate }, measuredAt: '2026-01-05T10:05:00Z', recordedAt: '2026-01-05T10:05:00Z' },
  });

  it('starts a fresh process from the cached state plus the newer events', async () => {
    const sessionId = await startSession(`patient-${randomUUID()}`);
    await freshProcess().load(sessionId);
    await send(sessionId, recordHeartRate(sessionId, 88));

    const loaded = await freshProcess().load(sessionId);

    expect(loaded).toEqual(await fromEventsOnly().load(sessionId));
    expect(loaded.state.findings?.vitals).toEqual({ heartRate: 88 });
    expect((await cache.get(sessionId))?.version).toBe(loaded.version);
  });

  it('ignores an entry whose event is not in the stream', async () => {
    const sessionId = await startSession(`patient-${randomUUID()}`);
    const real = await fromEventsOnly().load(sessionId);
    // An entry left from another history of this stream: same version, another event, other answers.
    await cache.put(sessionId, { ...real, state: { ...real.state, locale: 'fr', redFlags: ['stale'] }, eventId: randomUUID() });

    expect(await freshProcess().load(sessionId)).toEqual(real);
  });

  it('ignores an entry beyond the stream', async () => {
    const sessionId = await startSession(`patient-${randomUUID()}`);
    const real = await fromEventsOnly().load(sessionId);
    const events = await store.readStream(triageSessionStream(sessionId));
    await cache.put(sessionId, { ...real, version: real.version + 5n, eventId: events.at(-1)!.eventId, state: { ...real.state, redFlags: ['stale'] } });

    expect(await freshProcess().load(sessionId)).toEqual(real);
  });

  it('keeps the newest entry when an older one arrives late', async () => {
    const sessionId = await startSession(`patient-${randomUUID()}`);
    const first = await fromEventsOnly().load(sessionId);
    const firstEventId = (await store.readStream(triageSessionStream(sessionId))).at(-1)!.eventId;
    await send(sessionId, recordHeartRate(sessionId, 90));
    await freshProcess().load(sessionId);

    await cache.put(sessionId, { ...first, eventId: firstEventId });

    expect((await cache.get(sessionId))?.version).toBe(first.version + 1n);
  });

  it('purges every session of a patient and nothing else', async () => {
    const patientId = `patient-${randomUUID()}`;
    const sessions = [await startSession(patientId), await startSession(patientId)];
    const otherSession = await startSession(`patient-${randomUUID()}`);
    for (const sessionId of [...sessions, otherSession]) await freshProcess().load(sessionId);

    expect(await cache.purgePatient(patientId)).toBe(2);

    for (const sessionId of sessions) expect(await cache.get(sessionId)).toBeUndefined();
    expect(await cache.get(otherSession)).toBeDefined();
    expect(await cache.purgePatient(patientId)).toBe(0);
  });

  it('purges one session', async () => {
    const sessionId = await startSession(`patient-${randomUUID()}`);
    await freshProcess().load(sessionId);

    await cache.purgeSession(sessionId);

    expect(await cache.get(sessionId)).toBeUndefined();
  });

  it('expires an entry after half an hour', async () => {
    const sessionId = await startSession(`patient-${randomUUID()}`);
    await freshProcess().load(sessionId);

    const ttl = await redis.ttl(`${prefix}:triage:session:${sessionId}`);

    expect(ttl).toBeGreaterThan(29 * 60);
    expect(ttl).toBeLessThanOrEqual(30 * 60);
  });
});
