import { EngineProviderSearch } from '../../infra/search/engine/engine-provider-search';
import { createProviderIndex, indexProviderEvents } from '../../infra/search/engine/provider-index-projection';
import type { SearchEngineKind } from '../../infra/search/engine/search-engine-client';
import {
  openSearchEngineForTests,
  searchEngineSkipReason,
  searchEngineUrlForTests,
  testAlias,
} from '../../infra/search/engine/search-engine-for-tests';
import { describeProviderSearchContract } from './provider-search.contract';

// The provider search contract on the search engines: OpenSearch from OPENSEARCH_URL (required in
// CI) and Elasticsearch from ELASTICSEARCH_URL (run only where one is given).

for (const kind of ['opensearch', 'elasticsearch'] as SearchEngineKind[]) {
  if (!searchEngineUrlForTests(kind)) {
    // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
    describe.skip(`provider search on ${kind} (${searchEngineSkipReason(kind)})`, () => {
      it(`needs ${kind}`, () => undefined);
    });
    continue;
  }

  describeProviderSearchContract(kind, async () => {
    const client = openSearchEngineForTests(kind);
    const alias = testAlias('contract');
    const index = await createProviderIndex(client, alias);
    await client.moveAlias(alias, index, []);
    return {
      search: new EngineProviderSearch(client, alias),
      index: (events) => indexProviderEvents(client, index, events, { refresh: true }),
      dispose: async () => {
        await client.deleteIndex(index);
        await client.close();
      },
    };
  });
}
