import type { Logger } from 'pino';

import type { EventStore, StoredEvent, SubscriptionHandle } from '../../event-store/event-store.port';
import { upcastStoredEvent } from '../../event-store/event-registry';
import { ensureCheckpointIndex, readIndexCheckpoint, writeIndexCheckpoint, type IndexCheckpoint } from './provider-index-checkpoints';
import { applyProviderEvents, touchedProviders } from './provider-index-changes';
import { DIRECTORY_EVENT_TYPES } from '../../../projections/directory/directory-changes';
import { PROVIDER_INDEX_ALIAS, PROVIDER_INDEX_DEFINITION, PROVIDER_INDEX_VERSION, type ProviderDocument } from './provider-index';
import type { SearchEngineClient } from './search-engine-client';

/** Events per bulk request: one mget and one bulk call each. */
const DEFAULT_BATCH_SIZE = 1_000;

/** How many events without provider changes may pass before the checkpoint moves anyway. */
const SKIPPED_EVENTS_PER_CHECKPOINT = 10_000;

export interface ProviderIndexOptions {
  /** The alias searches read; tests give each suite its own. */
  alias?: string;
  batchSize?: number;
}

/** Reads the documents a batch touches, applies the batch to them and writes back the changed ones. */
export async function indexProviderEvents(
  client: SearchEngineClient,
  index: string,
  events: readonly StoredEvent[],
  options: { refresh: boolean },
): Promise<void> {
  const ids = touchedProviders(events);
  if (ids.length === 0) return;
  const documents = await client.getDocuments<ProviderDocument>(index, ids);
  const changed = applyProviderEvents(documents, events);
  await client.indexDocuments(
    index,
    [...changed].map((id) => ({ id, source: documents.get(id)! })),
    options,
  );
}

/**
 * Keeps the provider search index up to date from the provider events, as the projection runner
 * keeps a read model. It has a checkpoint, resumes from it on start, and rebuilds into a new
 * index while the live one keeps serving, then swaps the alias.
 *
 * Unlike the SQL runner, a batch and its checkpoint cannot commit together. The checkpoint is
 * written after the batch, and every change is idempotent (provider-index-changes.ts), so a
 * crash in between replays the batch harmlessly.
 */
export class ProviderIndexProjection {
  readonly alias: string;
  private readonly batchSize: number;
  private subscription: SubscriptionHandle | undefined;
  private failure: unknown;
  /** The concrete index behind the alias; the live writer writes there. */
  private liveIndex = '';
  /** The store's first event id, which every checkpoint carries (see IndexCheckpoint). */
  private firstEventId: string | null = null;
  private skippedSinceCheckpoint = 0;

  constructor(
    private readonly store: EventStore,
    private readonly client: SearchEngineClient,
    private readonly logger: Logger,
    options: ProviderIndexOptions = {},
  ) {
    this.alias = options.alias ?? PROVIDER_INDEX_ALIAS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  get name(): string {
    return `${this.alias}#index`;
  }

  /** Creates the index if needed, starts over when the index version changed, then follows the store. */
  async start(): Promise<void> {
    await ensureCheckpointIndex(this.client);
    const checkpoint = await readIndexCheckpoint(this.client, this.name);
    const targets = await this.client.aliasTargets(this.alias);
    const [firstEvent] = await this.store.readAll({ after: 0n, maxCount: 1 });
    this.firstEventId = firstEvent?.eventId ?? null;

    const current =
      checkpoint !== null &&
      checkpoint.version === PROVIDER_INDEX_VERSION &&
      targets.includes(checkpoint.index) &&
      checkpoint.firstEventId === this.firstEventId;
    if (!current) {
      this.logger.info({ index: this.alias, storedVersion: checkpoint?.version ?? null }, 'provider index building from position 0');
      const index = await this.createVersionedIndex();
      await this.client.moveAlias(this.alias, index, targets);
      await writeIndexCheckpoint(this.client, this.name, this.checkpoint(0n, index));
      await Promise.all(targets.map((old) => this.client.deleteIndex(old)));
    }
    await this.follow();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Resolves once searches see every event up to `position` (read your writes). */
  async waitFor(position: bigint, timeoutMs = 5_000): Promise<void> {
    if (!this.subscription) {
      throw new Error(`the provider index ${this.alias} is not being kept up to date; start its projection first`, { cause: this.failure });
    }
    await this.subscription.waitFor(position, timeoutMs);
  }

  get position(): bigint {
    return this.subscription?.lastPosition ?? 0n;
  }

  get running(): boolean {
    return this.subscription !== undefined && this.failure === undefined;
  }

  /**
   * Replays every event into a new index while the alias keeps serving the old one, then moves
   * the alias in one atomic step and deletes the old index. Searches see either index, complete.
   */
  async rebuild(): Promise<{ events: number; seconds: number; index: string }> {
    const started = process.hrtime.bigint();
    const index = await this.createVersionedIndex();
    const rebuildCheckpoint = `${this.name}#rebuild`;

    let { position, events } = await this.catchUp(index, rebuildCheckpoint, 0n);
    // Pause the live writer so no batch lands in the old index after the final catch-up.
    await this.stop();
    const last = await this.catchUp(index, rebuildCheckpoint, position);
    position = last.position;
    events += last.events;

    // One segment searches faster than the many that bulk loading leaves; the live batches that
    // follow add small segments, which the engine merges as usual.
    await this.client.forceMerge(index);
    await this.client.refresh(index);
    const previous = await this.client.aliasTargets(this.alias);
    await this.client.moveAlias(this.alias, index, previous);
    await writeIndexCheckpoint(this.client, this.name, this.checkpoint(position, index));
    await Promise.all(previous.map((old) => this.client.deleteIndex(old)));
    await this.follow();

    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.logger.info({ index, events, seconds }, 'provider index rebuilt and swapped in');
    return { events, seconds, index };
  }

  private async follow(): Promise<void> {
    const checkpoint = await readIndexCheckpoint(this.client, this.name);
    if (!checkpoint) throw new Error(`the provider index ${this.alias} has no checkpoint to follow from; start its projection again`);
    this.liveIndex = checkpoint.index;
    this.failure = undefined;
    this.subscription = this.store.subscribeToAll({
      after: BigInt(checkpoint.position),
      batchSize: this.batchSize,
      eventTypes: DIRECTORY_EVENT_TYPES,
      // Refreshing each live batch makes read-your-writes mean "searchable", not only "stored".
      handler: (events) => this.applyBatch(this.liveIndex, this.name, events, { refresh: true }),
      onError: (error) => {
        // The checkpoint has not moved past the failed batch, so a restart resumes exactly there.
        this.failure = error;
        this.logger.error({ index: this.alias, err: error }, 'provider index projection stopped on an error');
      },
    });
  }

  private async catchUp(index: string, checkpointName: string, after: bigint): Promise<{ position: bigint; events: number }> {
    let position = after;
    let events = 0;
    for (;;) {
      const page = await this.store.readAll({ after: position, maxCount: this.batchSize });
      if (page.length === 0) return { position, events };
      await this.applyBatch(index, checkpointName, page, { refresh: false });
      position = page[page.length - 1]!.globalPosition;
      events += page.length;
    }
  }

  // The checkpoint names the index it describes, so a later start can tell that it still exists.
  private async applyBatch(index: string, checkpointName: string, stored: StoredEvent[], options: { refresh: boolean }): Promise<void> {
    // A store that was empty at start gets its first event in the first batch ever read.
    this.firstEventId ??= stored[0]!.eventId;

    // A batch without provider changes (PHI access entries, bookings) leaves the index as it is.
    // Its checkpoint write would cost a refresh, so the checkpoint moves only every
    // SKIPPED_EVENTS_PER_CHECKPOINT skipped events.
    if (!stored.some((event) => DIRECTORY_EVENT_TYPES.has(event.type))) {
      this.skippedSinceCheckpoint += stored.length;
      if (this.skippedSinceCheckpoint < SKIPPED_EVENTS_PER_CHECKPOINT) return;
    }
    this.skippedSinceCheckpoint = 0;

    await indexProviderEvents(this.client, index, stored.map((event) => upcastStoredEvent(event)), options);
    await writeIndexCheckpoint(this.client, checkpointName, this.checkpoint(stored[stored.length - 1]!.globalPosition, index));
  }

  private checkpoint(position: bigint, index: string): IndexCheckpoint {
    return { version: PROVIDER_INDEX_VERSION, position: position.toString(), index, firstEventId: this.firstEventId };
  }

  private createVersionedIndex(): Promise<string> {
    return createProviderIndex(this.client, this.alias);
  }
}

/** Creates an empty provider index named after the alias, the index version and the time. */
export async function createProviderIndex(client: SearchEngineClient, alias: string): Promise<string> {
  const index = `${alias}-v${PROVIDER_INDEX_VERSION}-${Date.now()}`;
  await client.createIndex(index, PROVIDER_INDEX_DEFINITION);
  return index;
}
