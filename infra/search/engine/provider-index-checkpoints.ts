import type { SearchEngineClient } from './search-engine-client';

// The index projection keeps its checkpoint in the engine, beside the index it describes. If the
// engine loses its data, the checkpoint goes with it, so the next start rebuilds from position 0
// instead of resuming an index that no longer exists.

export const CHECKPOINT_INDEX = 'ohip-projection-checkpoints';

export interface IndexCheckpoint {
  version: number;
  /** The last applied global position, as a decimal string (positions exceed 2^53). */
  position: string;
  /** The concrete index the position describes. */
  index: string;
  /**
   * The id of the event store's first event, or null while the store was empty. A checkpoint
   * taken on another store (a new database, a test's scratch store) does not apply to this one.
   */
  firstEventId: string | null;
}

const CHECKPOINT_INDEX_DEFINITION = {
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: { version: { type: 'integer' }, position: { type: 'keyword' }, index: { type: 'keyword' }, firstEventId: { type: 'keyword' } },
  },
};

export async function ensureCheckpointIndex(client: SearchEngineClient): Promise<void> {
  await client.ensureIndex(CHECKPOINT_INDEX, CHECKPOINT_INDEX_DEFINITION);
}

export function readIndexCheckpoint(client: SearchEngineClient, name: string): Promise<IndexCheckpoint | null> {
  return client.getDocument<IndexCheckpoint>(CHECKPOINT_INDEX, name);
}

export async function writeIndexCheckpoint(client: SearchEngineClient, name: string, checkpoint: IndexCheckpoint): Promise<void> {
  await client.indexDocuments(CHECKPOINT_INDEX, [{ id: name, source: checkpoint }], { refresh: false });
}
