// The event store port. Three adapters implement it (PostgreSQL, PGlite, EventStoreDB) and one
// contract suite (event-store.contract.ts) runs against each.

/** The cause of an event: a user, a service or the data import, by id and role (never PHI). */
export interface Actor {
  id: string;
  role: string;
}

/** An event on its way into the store. `eventId` makes a retried append idempotent. */
export interface NewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

/** The envelope of an event as stored. */
export interface StoredEvent<Data = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  streamId: string;
  /** 1 for the first event of a stream, contiguous after that. */
  streamVersion: bigint;
  /**
   * The event's place in the one total order of the store. Positions increase in the order a
   * subscriber receives events. They are not contiguous, because the PostgreSQL adapter derives
   * them from transaction ids and EventStoreDB from its commit position.
   */
  globalPosition: bigint;
  recordedAt: Date;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
}

/**
 * The writer's expectation of the stream. 'any' skips the check, 'no_stream' requires that it
 * has no events and 'stream_exists' that it has some. A number requires that its last event has
 * exactly that version (0 means empty).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendResult {
  /** The stream's version after the append. */
  nextExpectedVersion: bigint;
  /** The position of the last appended event; wait for it to read your own write. */
  lastPosition: bigint;
  /** True when every event id was already stored by an earlier try of the same append. */
  idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Forwards: first version to return; backwards: last version to return. */
  fromVersion?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; 0n reads from the start. */
  after: bigint;
  maxCount: number;
}

/** A page of readAllOfTypes: the events of the asked types and how far the read looked. */
export interface TypedPage {
  events: StoredEvent[];
  /** Events of any type the read passed over, at most maxCount; fewer means it reached the head. */
  scanned: number;
  /** The position of the last event passed over; `after` when there was none. */
  through: bigint;
}

export interface SubscriptionHandle {
  /** Stops delivery; resolves when the handler is no longer running. */
  stop(): Promise<void>;
  /** Resolves once the handler has processed every event up to `position` (inclusive). */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  readonly lastPosition: bigint;
}

export interface SubscribeOptions {
  after: bigint;
  batchSize?: number;
  /** Called with each batch, in global order. A rejection stops the subscription. */
  handler: (events: StoredEvent[]) => Promise<void>;
  onError?: (error: unknown) => void;
  /**
   * The event types the handler acts on. An append of none of them does not wake the
   * subscription. The SQL stores pass the handler only events of these types and move the
   * position past the others. A store that cannot filter passes every event, in order.
   */
  eventTypes?: ReadonlySet<string>;
  /**
   * How long the subscription waits after an append wakes it before it reads, so the appends of
   * that time are read as one batch. It overrides the store's own setting.
   */
  lingerMs?: number;
}

export interface EventStore {
  readonly kind: 'postgresql' | 'pglite' | 'eventstoredb';
  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** The highest position a reader can safely see now (no earlier event can still appear). */
  headPosition(): Promise<bigint>;
  /** Reads everything after `after`, then turns live: no gap, no duplicate, no reordering. */
  subscribeToAll(options: SubscribeOptions): SubscriptionHandle;
  close(): Promise<void>;
}

/** The stream's version did not match the writer's expectation; reload and decide again. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: bigint,
  ) {
    super(`stream ${streamId} is at version ${actual}, the append expected ${String(expected)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Some, but not all, of an append's event ids were already stored: a client bug, not a retry. */
export class EventIdReusedError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`event ids ${eventIds.join(', ')} are already stored; a retry must resend the whole append`);
    this.name = 'EventIdReusedError';
  }
}
