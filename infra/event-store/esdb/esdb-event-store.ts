import { EventEmitter } from 'node:events';

import {
  ANY,
  EventStoreDBClient,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';

import { CatchUpSubscription } from '../catch-up-subscription';
import {
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type SubscriptionHandle,
} from '../event-store.port';

interface EnvelopeMetadata {
  schemaVersion: number;
  correlationId: string;
  causationId: string | null;
  actor: { id: string; role: string };
}

/**
 * The event store on EventStoreDB (20 or later). Stream versions here are 1-based and
 * EventStoreDB revisions 0-based, so version = revision + 1. Global positions are EventStoreDB
 * commit positions, which for appends outside explicit transactions (the only kind since 20.x)
 * are unique per event.
 *
 * NOTE: this repository's CI runs no EventStoreDB server, so this adapter passes the contract
 * suite only where a developer points ESDB_CONNECTION_STRING at one.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly appended = new EventEmitter();

  constructor(private readonly client: EventStoreDBClient) {
    this.appended.setMaxListeners(0);
  }

  static fromConnectionString(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const payload = events.map((event) =>
      jsonEvent({
        id: event.eventId,
        type: event.type,
        data: event.data as never,
        metadata: {
          schemaVersion: event.schemaVersion,
          correlationId: event.correlationId,
          causationId: event.causationId,
          actor: event.actor,
        } satisfies EnvelopeMetadata,
      }),
    );

    try {
      const result = await this.client.appendToStream(streamId, payload, { expectedRevision: toRevision(expected) });
      this.appended.emit('appended');
      return {
        nextExpectedVersion: result.nextExpectedRevision + 1n,
        lastPosition: result.position?.commit ?? 0n,
        idempotentReplay: false,
      };
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion + 1n : 0n;
        throw new WrongExpectedVersionError(streamId, expected, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: StoredEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? 'backwards' : 'forwards',
        fromRevision: options.fromVersion !== undefined ? options.fromVersion - 1n : backwards ? 'end' : 'start',
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const event = toStoredEvent(resolved);
        if (event) {
          events.push(event);
        }
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) {
        return [];
      }
      throw error;
    }
    return events;
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    const read = this.client.readAll({
      fromPosition: after === 0n ? 'start' : { commit: after, prepare: after },
      maxCount: maxCount + 1,
    });
    for await (const resolved of read) {
      const event = toStoredEvent(resolved);
      // fromPosition is inclusive; the port's `after` is not.
      if (event && event.globalPosition > after && !event.streamId.startsWith('$')) {
        events.push(event);
      }
      if (events.length === maxCount) {
        break;
      }
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    const read = this.client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 50 });
    for await (const resolved of read) {
      const event = toStoredEvent(resolved);
      if (event && !event.streamId.startsWith('$')) {
        return event.globalPosition;
      }
    }
    return 0n;
  }

  subscribeToAll(options: SubscribeOptions): SubscriptionHandle {
    // Polling readAll keeps one subscription mechanism across adapters; EventStoreDB's own
    // catch-up subscription would also do, at the cost of a second code path to test.
    return new CatchUpSubscription(this, this.appended, 50, options);
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
    await this.client.dispose();
  }

  /** Exposed for filtered subscriptions that skip system events on the server side. */
  static readonly systemEventFilter = excludeSystemEvents;
}

function toRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream' || expected === 0n) return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected - 1n;
}

function toStoredEvent(resolved: ResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$')) {
    return undefined;
  }

  const metadata = (event.metadata ?? {}) as Partial<EnvelopeMetadata>;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: metadata.schemaVersion ?? 1,
    data: event.data,
    streamId: event.streamId,
    streamVersion: event.revision + 1n,
    globalPosition: event.position?.commit ?? resolved.commitPosition ?? 0n,
    recordedAt: event.created,
    correlationId: metadata.correlationId ?? event.id,
    causationId: metadata.causationId ?? null,
    actor: metadata.actor ?? { id: 'unknown', role: 'unknown' },
  };
}
