import { SqlEventStore } from '../../event-store/sql/sql-event-store';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { rootLogger } from '../../observability/logger';
import { PGliteClient } from '../../sql/pglite-client';
import { DIRECTORY_FIXTURES, directoryFixtureEvents } from '../../../test/support/directory-providers';
import { EngineProviderSearch } from './engine-provider-search';
import { readIndexCheckpoint } from './provider-index-checkpoints';
import { ProviderIndexProjection } from './provider-index-projection';
import type { SearchEngineClient } from './search-engine-client';
import { openSearchEngineForTests, searchEngineSkipReason, searchEngineUrlForTests, testAlias } from './search-engine-for-tests';

// The index projection on a real OpenSearch node, fed from an embedded event store: it follows
// the store, resumes from its checkpoint, and rebuilds into a new index while the alias serves.

const logger = rootLogger.child({ test: 'provider-index-projection' });
const everyone = { sort: 'relevance', page: 1, pageSize: 100, facets: false } as const;

const describeOnOpenSearch = searchEngineUrlForTests('opensearch') ? describe : skipWithReason;

describeOnOpenSearch('provider index projection', () => {
  let sql: PGliteClient;
  let store: EventStore;
  let client: SearchEngineClient;
  const projections: ProviderIndexProjection[] = [];

  const startProjection = async (alias: string, batchSize?: number) => {
    const projection = new ProviderIndexProjection(store, client, logger, { alias, batchSize });
    projections.push(projection);
    await projection.start();
    return projection;
  };

  beforeAll(async () => {
    sql = await PGliteClient.open();
    store = await SqlEventStore.create(sql);
    client = openSearchEngineForTests('opensearch');
    await appendEvents(store, directoryFixtureEvents(DIRECTORY_FIXTURES.slice(0, 6)));
  });

  afterAll(async () => {
    for (const projection of projections) await projection.stop();
    for (const projection of projections) {
      for (const index of await client.aliasTargets(projection.alias)) await client.deleteIndex(index);
    }
    await client?.close();
    await store?.close();
    await sql?.close();
  });

  it('indexes the providers in the store and serves them through the alias', async () => {
    const alias = testAlias('follow');
    const projection = await startProjection(alias);

    await projection.waitFor(await store.headPosition());
    const result = await new EngineProviderSearch(client, alias).search(everyone);

    expect(result.total).toBe(6);
  });

  it('resumes from its checkpoint without rebuilding', async () => {
    const alias = testAlias('resume');
    const first = await startProjection(alias);
    await first.waitFor(await store.headPosition());
    await first.stop();
    const [indexBefore] = await client.aliasTargets(alias);

    await appendEvents(store, directoryFixtureEvents(DIRECTORY_FIXTURES.slice(6, 7)));
    const second = await startProjection(alias);
    const head = await store.headPosition();
    await second.waitFor(head);

    expect(await client.aliasTargets(alias)).toEqual([indexBefore]);
    expect(await readIndexCheckpoint(client, second.name)).toMatchObject({ position: head.toString(), index: indexBefore });
    expect(await new EngineProviderSearch(client, alias).get(DIRECTORY_FIXTURES[6]!.providerId)).not.toBeNull();
  });

  it('starts over when its checkpoint was taken on another event store', async () => {
    const alias = testAlias('other-store');
    const first = await startProjection(alias);
    await first.waitFor(await store.headPosition());
    await first.stop();
    const [indexBefore] = await client.aliasTargets(alias);

    const otherSql = await PGliteClient.open();
    const otherStore = await SqlEventStore.create(otherSql);
    try {
      await appendEvents(otherStore, directoryFixtureEvents(DIRECTORY_FIXTURES.slice(7, 8)));
      const second = new ProviderIndexProjection(otherStore, client, logger, { alias });
      await second.start();
      await second.waitFor(await otherStore.headPosition());
      await second.stop();

      expect(await client.aliasTargets(alias)).not.toEqual([indexBefore]);
      expect((await new EngineProviderSearch(client, alias).search(everyone)).items.map((item) => item.providerId)).toEqual([DIRECTORY_FIXTURES[7]!.providerId]);
    } finally {
      await otherStore.close();
      await otherSql.close();
    }
  });

  it('serves searches during a rebuild', async () => {
    const alias = testAlias('rebuild');
    // One event per batch makes the rebuild long enough for searches to overlap it.
    const projection = await startProjection(alias, 1);
    await projection.waitFor(await store.headPosition(), 60_000);
    const search = new EngineProviderSearch(client, alias);
    const before = await search.search(everyone);
    const [oldIndex] = await client.aliasTargets(alias);

    let rebuilding = true;
    const rebuild = projection.rebuild().finally(() => {
      rebuilding = false;
    });
    const totalsDuringRebuild: number[] = [];
    while (rebuilding) {
      totalsDuringRebuild.push((await search.search(everyone)).total);
    }
    const { index: newIndex } = await rebuild;

    expect(totalsDuringRebuild.length).toBeGreaterThan(0);
    expect(new Set(totalsDuringRebuild)).toEqual(new Set([before.total]));
    expect(await client.aliasTargets(alias)).toEqual([newIndex]);
    expect(newIndex).not.toBe(oldIndex);
    expect(await client.getDocument(oldIndex!, DIRECTORY_FIXTURES[0]!.providerId)).toBeNull();
    expect(await search.search(everyone)).toEqual(before);
  });

  it('follows new events after a rebuild', async () => {
    const alias = testAlias('after-rebuild');
    const projection = await startProjection(alias);
    await projection.waitFor(await store.headPosition());
    await projection.rebuild();

    await appendEvents(store, directoryFixtureEvents(DIRECTORY_FIXTURES.slice(7, 8)));
    await projection.waitFor(await store.headPosition());

    expect(await new EngineProviderSearch(client, alias).get(DIRECTORY_FIXTURES[7]!.providerId)).not.toBeNull();
  });
});

function skipWithReason(name: string, body: () => void): void {
  // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
  describe.skip(`${name} (${searchEngineSkipReason('opensearch')})`, body);
}

async function appendEvents(store: EventStore, events: StoredEvent[]): Promise<void> {
  for (const event of events) {
    await store.appendToStream(
      event.streamId,
      [{ eventId: crypto.randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: event.data, correlationId: event.correlationId, causationId: null, actor: event.actor }],
      'any',
    );
  }
}
