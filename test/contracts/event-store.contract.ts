import fc from 'fast-check';

import {
  EventIdReusedError,
  WrongExpectedVersionError,
  type EventStore,
  type StoredEvent,
} from '../../infra/event-store/event-store.port';
import { newEvent, newEvents } from '../support/events';

export interface EventStoreFixture {
  store: EventStore;
  dispose(): Promise<void>;
}

/**
 * The behaviour every event store adapter must have. Each adapter's test file calls this once
 * with a factory that opens an empty store.
 */
export function describeEventStoreContract(adapter: string, open: () => Promise<EventStoreFixture>): void {
  describe(`event store contract: ${adapter}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let streamCounter = 0;
    const stream = (name: string) => `${name}-${Date.now()}-${streamCounter++}`;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    describe('append with an expected version', () => {
      it('numbers a new stream from 1', async () => {
        const id = stream('patient');

        const result = await store.appendToStream(id, newEvents(3), 'no_stream');

        expect(result.nextExpectedVersion).toBe(3n);
        const read = await store.readStream(id);
        expect(read.map((event) => event.streamVersion)).toEqual([1n, 2n, 3n]);
      });

      it('accepts the exact current version', async () => {
        const id = stream('slot');
        await store.appendToStream(id, newEvents(2), 'no_stream');

        const result = await store.appendToStream(id, newEvents(1), 2n);

        expect(result.nextExpectedVersion).toBe(3n);
      });

      it('rejects a stale version with the actual one', async () => {
        const id = stream('slot');
        await store.appendToStream(id, newEvents(2), 'no_stream');

        const append = store.appendToStream(id, newEvents(1), 1n);

        await expect(append).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(append).rejects.toMatchObject({ actual: 2n });
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('rejects no_stream on an existing stream', async () => {
        const id = stream('journey');
        await store.appendToStream(id, newEvents(1), 'no_stream');

        await expect(store.appendToStream(id, newEvents(1), 'no_stream')).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
      });

      it('rejects stream_exists on a missing stream', async () => {
        await expect(store.appendToStream(stream('missing'), newEvents(1), 'stream_exists')).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
      });

      it('appends with any whatever the version', async () => {
        const id = stream('audit');
        await store.appendToStream(id, newEvents(1), 'any');

        const result = await store.appendToStream(id, newEvents(2), 'any');

        expect(result.nextExpectedVersion).toBe(3n);
      });

      it('keeps the envelope', async () => {
        const id = stream('patient');
        const event = newEvent({
          type: 'PatientRegistered',
          schemaVersion: 2,
          data: { name: 'Ada' },
          causationId: 'cause-1',
          actor: { id: 'importer', role: 'system' },
        });

        await store.appendToStream(id, [event], 'no_stream');

        const [stored] = await store.readStream(id);
        expect(stored).toMatchObject({
          eventId: event.eventId,
          type: 'PatientRegistered',
          schemaVersion: 2,
          data: { name: 'Ada' },
          streamId: id,
          streamVersion: 1n,
          correlationId: event.correlationId,
          causationId: 'cause-1',
          actor: { id: 'importer', role: 'system' },
        });
        expect(stored!.recordedAt).toBeInstanceOf(Date);
        expect(stored!.globalPosition).toBeGreaterThan(0n);
      });
    });

    describe('idempotent append', () => {
      it('stores a retried append once', async () => {
        const id = stream('booking');
        const events = newEvents(2);
        const first = await store.appendToStream(id, events, 'no_stream');

        const retry = await store.appendToStream(id, events, 'no_stream');

        expect(retry.idempotentReplay || adapter === 'eventstoredb').toBe(true);
        expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('stores a retried append with any once', async () => {
        const id = stream('booking');
        const events = newEvents(2);
        await store.appendToStream(id, events, 'any');

        await store.appendToStream(id, events, 'any');

        expect(await store.readStream(id)).toHaveLength(2);
      });

      if (adapter !== 'eventstoredb') {
        it('rejects a partly reused batch', async () => {
          const id = stream('booking');
          const [first] = newEvents(1);
          await store.appendToStream(id, [first!], 'no_stream');

          const append = store.appendToStream(id, [first!, newEvent()], 1n);

          await expect(append).rejects.toBeInstanceOf(EventIdReusedError);
          expect(await store.readStream(id)).toHaveLength(1);
        });

        it('fails only the reused append', async () => {
          const reusedStream = stream('booking');
          const [first] = newEvents(1);
          await store.appendToStream(reusedStream, [first!], 'no_stream');
          const others = Array.from({ length: 6 }, () => stream('booking'));

          const outcomes = await Promise.allSettled([
            store.appendToStream(reusedStream, [newEvent(), first!], 1n),
            ...others.map((id) => store.appendToStream(id, newEvents(2), 'no_stream')),
          ]);

          expect(outcomes[0]!.status).toBe('rejected');
          expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(EventIdReusedError);
          expect(outcomes.slice(1).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
          expect(await store.readStream(reusedStream)).toHaveLength(1);
          for (const id of others) expect(await store.readStream(id)).toHaveLength(2);
        });
      }
    });

    describe('read a stream', () => {
      it('reads backwards from the end', async () => {
        const id = stream('chart');
        await store.appendToStream(id, newEvents(5), 'no_stream');

        const read = await store.readStream(id, { direction: 'backwards', maxCount: 2 });

        expect(read.map((event) => event.streamVersion)).toEqual([5n, 4n]);
      });

      it('reads forwards from a version', async () => {
        const id = stream('chart');
        await store.appendToStream(id, newEvents(5), 'no_stream');

        const read = await store.readStream(id, { fromVersion: 3n, maxCount: 2 });

        expect(read.map((event) => event.streamVersion)).toEqual([3n, 4n]);
      });

      it('reads backwards from a version', async () => {
        const id = stream('chart');
        await store.appendToStream(id, newEvents(5), 'no_stream');

        const read = await store.readStream(id, { direction: 'backwards', fromVersion: 2n });

        expect(read.map((event) => event.streamVersion)).toEqual([2n, 1n]);
      });

      it('orders versions numerically past nine', async () => {
        const id = stream('long');
        await store.appendToStream(id, newEvents(12), 'no_stream');

        const read = await store.readStream(id);

        expect(read.map((event) => event.streamVersion)).toEqual(Array.from({ length: 12 }, (_, index) => BigInt(index + 1)));
      });

      it('returns nothing for a missing stream', async () => {
        expect(await store.readStream(stream('nobody'))).toEqual([]);
      });
    });

    describe('read all', () => {
      it('pages through every event in increasing position', async () => {
        const before = await store.headPosition();
        const ids = [stream('a'), stream('b')];
        await store.appendToStream(ids[0]!, newEvents(3), 'no_stream');
        await store.appendToStream(ids[1]!, newEvents(4), 'no_stream');
        const last = await store.appendToStream(ids[0]!, newEvents(2), 3n);
        await waitForHead(store, last.lastPosition);

        const seen = (await readEverything(store, before, 2)).filter((event) => ids.includes(event.streamId));

        expect(seen).toHaveLength(9);
        expectIncreasing(seen);
        expect(seen.map((event) => event.streamId)).toEqual([
          ...Array(3).fill(ids[0]),
          ...Array(4).fill(ids[1]),
          ...Array(2).fill(ids[0]),
        ]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(seen[seen.length - 1]!.globalPosition);
      });
    });

    describe('global order', () => {
      it('orders positions numerically across many transactions', async () => {
        const before = await store.headPosition();
        const id = stream('many');
        let last = 0n;
        for (let index = 0; index < 1_000; index++) {
          last = (await store.appendToStream(id, newEvents(1), 'any')).lastPosition;
        }
        await waitForHead(store, last);

        const seen = (await readEverything(store, before, 250)).filter((event) => event.streamId === id);

        expect(seen).toHaveLength(1_000);
        expectIncreasing(seen);
        expect(seen.map((event) => event.streamVersion)).toEqual(seen.map((_, index) => BigInt(index + 1)));
      });
    });

    describe('stream order in global order', () => {
      it('holds under many concurrent appends to few streams', async () => {
        const before = await store.headPosition();
        const ids = [stream('hot'), stream('hot'), stream('hot')];

        const results = await Promise.all(
          Array.from({ length: 300 }, (_, index) => store.appendToStream(ids[index % 3]!, newEvents(1 + (index % 4)), 'any')),
        );
        const last = results.reduce((max, result) => (result.lastPosition > max ? result.lastPosition : max), 0n);
        await waitForHead(store, last);

        const seen = await readEverything(store, before, 500);
        for (const id of ids) {
          const versions = seen.filter((event) => event.streamId === id).map((event) => event.streamVersion);
          expect(versions).toEqual(versions.map((_, index) => BigInt(index + 1)));
        }
      });
    });

    describe('catch-up subscription', () => {
      it('delivers past events, then live ones, once and in order', async () => {
        const start = await store.headPosition();
        const id = stream('live');
        await store.appendToStream(id, newEvents(5), 'no_stream');
        const seen: StoredEvent[] = [];
        const subscription = store.subscribeToAll({
          after: start,
          batchSize: 2,
          handler: async (events) => {
            seen.push(...events.filter((event) => event.streamId === id));
          },
        });

        await store.appendToStream(id, newEvents(3), 5n);
        const last = await store.appendToStream(id, newEvents(2), 8n);
        await subscription.waitFor(last.lastPosition);
        await subscription.stop();

        expect(seen.map((event) => event.streamVersion)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
        expectIncreasing(seen);
      });

      it('sees every position exactly once under concurrent appends', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.record({ stream: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: 1, max: 4 }) }), {
              minLength: 1,
              maxLength: 12,
            }),
            async (appends) => {
              const prefix = stream('concurrent');
              const start = await store.headPosition();
              const seen: StoredEvent[] = [];
              const subscription = store.subscribeToAll({
                after: start,
                batchSize: 3,
                handler: async (events) => {
                  seen.push(...events.filter((event) => event.streamId.startsWith(prefix)));
                },
              });

              const results = await Promise.all(
                appends.map(({ stream: index, count }) => store.appendToStream(`${prefix}-${index}`, newEvents(count), 'any')),
              );
              const last = results.reduce((max, result) => (result.lastPosition > max ? result.lastPosition : max), 0n);
              await subscription.waitFor(last);
              await subscription.stop();

              const total = appends.reduce((sum, append) => sum + append.count, 0);
              expect(seen).toHaveLength(total);
              expectIncreasing(seen);
              expect(new Set(seen.map((event) => event.eventId)).size).toBe(total);
              for (let index = 0; index < 4; index++) {
                const versions = seen.filter((event) => event.streamId === `${prefix}-${index}`).map((event) => event.streamVersion);
                expect(versions).toEqual(versions.map((_, position) => BigInt(position + 1)));
              }
            },
          ),
          { numRuns: 15 },
        );
      });
    });

    describe('optimistic concurrency', () => {
      it('reports a conflict exactly when the expected version is stale', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.record({ writers: fc.integer({ min: 1, max: 5 }), staleBy: fc.integer({ min: 0, max: 2 }) }), {
              minLength: 1,
              maxLength: 6,
            }),
            async (rounds) => {
              const id = stream('race');
              let version = 0n;

              for (const { writers, staleBy } of rounds) {
                const expected = version - BigInt(staleBy) < 0n ? -1n : version - BigInt(staleBy);
                const outcomes = await Promise.allSettled(
                  Array.from({ length: writers }, () =>
                    store.appendToStream(id, newEvents(1), expected < 0n ? 'any' : expected),
                  ),
                );
                const won = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
                const conflicts = outcomes.filter(
                  (outcome) => outcome.status === 'rejected' && outcome.reason instanceof WrongExpectedVersionError,
                ).length;

                if (expected < 0n) {
                  expect(won).toBe(writers);
                } else if (staleBy > 0 && expected !== version) {
                  expect(won).toBe(0);
                  expect(conflicts).toBe(writers);
                } else {
                  expect(won).toBe(1);
                  expect(conflicts).toBe(writers - 1);
                }
                version += BigInt(won);
              }

              const stored = await store.readStream(id);
              expect(stored.map((event) => event.streamVersion)).toEqual(stored.map((_, index) => BigInt(index + 1)));
              expect(BigInt(stored.length)).toBe(version);
            },
          ),
          { numRuns: 15 },
        );
      });
    });
  });
}

async function readEverything(store: EventStore, after: bigint, pageSize: number): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: pageSize });
    if (page.length === 0) {
      return seen;
    }
    seen.push(...page);
    position = page[page.length - 1]!.globalPosition;
  }
}

// Another suite sharing the server may hold a transaction open, which keeps the readable
// horizon below our appends for a moment (see the event store schema). Wait for it to pass.
async function waitForHead(store: EventStore, position: bigint): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await store.headPosition()) < position) {
    if (Date.now() > deadline) {
      throw new Error(`head position did not reach ${position} within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function expectIncreasing(events: StoredEvent[]): void {
  for (let index = 1; index < events.length; index++) {
    expect(events[index]!.globalPosition).toBeGreaterThan(events[index - 1]!.globalPosition);
  }
}
