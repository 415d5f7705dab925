import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import type { Redis } from 'ioredis';
import pino from 'pino';

import { toNewEvents } from '../../commands/shared/aggregate-repository';
import { decideSlot, evolveSlot, initialSlotState, slotStreamName, type SlotCommand, type SlotEvent, type SlotState } from '../../domain/scheduling';
import { DomainError } from '../../domain/shared/errors';
import { ProjectionRunner } from '../../projections/runner/projection-runner';
import { loadCandidateSlots, type CandidateQuery } from '../../projections/scheduling/candidate-slots';
import { slotsProjection } from '../../projections/scheduling/slots.projection';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { AvailabilityCache, daysBetween } from './availability-cache';
import { deleteKeysUnder, openCacheConnection } from './redis-connection';
import { describeWithRedis, testPrefix } from '../../test/support/redis';

// The availability cache against the slots read model on PGlite and a real Redis. Once the slots
// projection reports a change applied, a search through the cache returns exactly what a search
// of the read model returns. So a slot booked a moment ago is never offered as free.

const silent = pino({ level: 'silent' });
const operator = { id: 'operator', role: 'admin' as const };
const OTTAWA = { lat: 45.4215, lng: -75.6972 };

describeWithRedis('availability cache', (url) => {
  let database: TestSql;
  let store: SqlEventStore;
  let runner: ProjectionRunner;
  let redis: Redis;
  let cache: AvailabilityCache;
  const prefix = testPrefix('availability');
  const states = new Map<string, SlotState>();

  beforeAll(async () => {
    database = await openPGliteForTests();
    await database.sql.exec(`
      create schema rm_provider_locations;
      create table rm_provider_locations.locations (location_id text primary key, name_en text, lat float8, lng float8);
      insert into rm_provider_locations.locations values ('clinic-ottawa', 'Clinique Ottawa', ${OTTAWA.lat}, ${OTTAWA.lng});`);
    store = await SqlEventStore.create(database.sql, { pollIntervalMs: 10 });
    runner = new ProjectionRunner(store, database.sql, slotsProjection, silent);
    await runner.start();

    redis = openCacheConnection(url);
    cache = new AvailabilityCache(redis, database.sql, silent, { prefix, ttlSeconds: 60 });
    runner.onCommitted((change) => cache.slotsCommitted(change));
  });

  afterAll(async () => {
    await runner.stop();
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
    await database.dispose();
  });

  async function send(command: SlotCommand): Promise<void> {
    const state = states.get(command.slotId) ?? initialSlotState();
    let events: SlotEvent[];
    try {
      events = decideSlot(state, command);
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    if (events.length === 0) return;

    const now = new Date().toISOString();
    const context = { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: operator, receivedAt: now };
    await store.appendToStream(slotStreamName(command.slotId), toNewEvents(events, context), 'any');
    states.set(command.slotId, events.reduce(evolveSlot, state));
  }

  async function openSlots(specialty: string, count: number): Promise<string[]> {
    const slotIds = Array.from({ length: count }, () => `slot-${randomUUID()}`);
    for (const [index, slotId] of slotIds.entries()) {
      const startsAt = new Date(Date.now() + (20 + index * 7) * 3_600_000).toISOString();
      const endsAt = new Date(Date.parse(startsAt) + 900_000).toISOString();
      const mode = index % 3 === 2 ? 'telemedicine' : 'in-person';
      await send({ type: 'OpenSlot', slotId, providerId: `provider-${index % 2}`, facilityId: 'clinic-ottawa', specialty, startsAt, endsAt, mode, demo: false, now: new Date().toISOString() });
    }
    await runner.waitFor(await store.headPosition());
    return slotIds;
  }

  function searchOf(specialty: string): CandidateQuery {
    const now = Date.now();
    return { specialty, startsAfter: new Date(now).toISOString(), startsBefore: new Date(now + 10 * 24 * 3_600_000).toISOString(), near: { origin: OTTAWA, radiusKm: 25 } };
  }

  it('returns what the read model returns, before and after each booking change', async () => {
    const specialty = `family-medicine-${randomUUID().slice(0, 8)}`;
    const slotIds = await openSlots(specialty, 8);
    const step = fc.record({ kind: fc.constantFrom('book', 'cancel', 'block'), slot: fc.nat(slotIds.length - 1) });

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        // A search first, so the days are cached when the changes arrive.
        await cache.loadCandidateSlots(searchOf(specialty));

        for (const { kind, slot } of steps) {
          const slotId = slotIds[slot]!;
          const state = states.get(slotId)!;
          const now = new Date().toISOString();
          if (kind === 'book') {
            await send({ type: 'BookSlot', slotId, bookingId: randomUUID(), patientId: 'patient-1', actor: operator, mayActForPatient: true, now });
          } else if (kind === 'cancel' && state.status === 'booked') {
            await send({ type: 'CancelBooking', slotId, bookingId: state.booking.bookingId, actor: operator, mayActForPatient: true, reason: 'patient-request', now });
          } else if (kind === 'block') {
            await send({ type: 'BlockSlot', slotId, actor: { id: 'clinic', role: 'provider' }, reason: 'closed', now });
          }
          await runner.waitFor(await store.headPosition());

          const query = searchOf(specialty);
          const cached = (await cache.loadCandidateSlots(query)).map((candidate) => candidate.slotId);
          const direct = (await loadCandidateSlots(database.sql, query)).map((candidate) => candidate.slotId);
          expect(cached).toEqual(direct);
          const taken = slotIds.filter((id) => states.get(id)!.status !== 'open');
          expect(cached.filter((id) => taken.includes(id))).toEqual([]);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('never offers a slot booked while searches ran alongside', async () => {
    const specialty = `cardiology-${randomUUID().slice(0, 8)}`;
    const slotIds = await openSlots(specialty, 12);

    // Searches race every booking, so some of them read the read model before a booking commits
    // and store their result after the projection has moved on.
    let searching = true;
    const searches = (async () => {
      while (searching) await cache.loadCandidateSlots(searchOf(specialty));
    })();
    for (const slotId of slotIds) {
      await send({ type: 'BookSlot', slotId, bookingId: randomUUID(), patientId: 'patient-2', actor: operator, mayActForPatient: true, now: new Date().toISOString() });
      await runner.waitFor(await store.headPosition());

      const offered = (await cache.loadCandidateSlots(searchOf(specialty))).map((candidate) => candidate.slotId);
      expect(offered).not.toContain(slotId);
    }
    searching = false;
    await searches;

    expect(await cache.loadCandidateSlots(searchOf(specialty))).toEqual([]);
  });

  it('serves a repeated search from Redis', async () => {
    const specialty = `dermatology-${randomUUID().slice(0, 8)}`;
    await openSlots(specialty, 3);
    const query = searchOf(specialty);

    const first = await cache.loadCandidateSlots(query);
    // With the read model emptied behind its back, only the cache can return the slots again.
    await database.sql.query('update rm_slots.slots set specialty = $2 where specialty = $1', [specialty, `${specialty}-moved`]);
    const second = await cache.loadCandidateSlots(query);

    expect(first).toHaveLength(3);
    expect(second).toEqual(first);
  });

  it('retires every entry when the read model is rebuilt', async () => {
    const specialty = `neurology-${randomUUID().slice(0, 8)}`;
    await openSlots(specialty, 2);
    const query = searchOf(specialty);
    expect(await cache.loadCandidateSlots(query)).toHaveLength(2);

    await database.sql.query('update rm_slots.slots set specialty = $2 where specialty = $1', [specialty, `${specialty}-moved`]);
    await cache.slotsCommitted({ kind: 'rebuilt' });

    expect(await cache.loadCandidateSlots(query)).toEqual([]);
  });

  it('covers every UTC day of a window', () => {
    expect(daysBetween('2030-01-30T23:59:59.000Z', '2030-02-02T00:00:00.000Z')).toEqual(['2030-01-30', '2030-01-31', '2030-02-01', '2030-02-02']);
    expect(daysBetween('2030-01-30T10:00:00.000Z', '2030-01-30T12:00:00.000Z')).toEqual(['2030-01-30']);
  });
});
