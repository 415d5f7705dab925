import type { Logger } from 'pino';

import type { EventStore } from '../../event-store/event-store.port';
import { EngineProviderSearch } from './engine-provider-search';
import { ProviderIndexProjection } from './provider-index-projection';
import type { SearchEngineClient, SearchEngineKind } from './search-engine-client';
import { openSearchEngineClient } from './search-engine-clients';

export const PROVIDER_SEARCH_ENGINE = Symbol('ProviderSearchEngine');

/**
 * Provider search on a search engine, with the projection that keeps its index: what the product
 * runs when OHIP_PROVIDER_SEARCH names Elasticsearch or OpenSearch.
 *
 * NOTE: the index projection is not among the runtime's projections, so `?waitFor=` on a write,
 * GET /api/v1/projections and the lag metrics do not cover it. A search right after a provider
 * change may miss that change until its batch is indexed (about 20 ms to 1 s in tests here).
 */
export class ProviderSearchEngine {
  readonly search: EngineProviderSearch;

  private constructor(
    private readonly client: SearchEngineClient,
    readonly projection: ProviderIndexProjection,
  ) {
    this.search = new EngineProviderSearch(client);
  }

  /** Connects, checks that the server responds, and starts the index projection. Throws if any step fails. */
  static async start(engine: { engine: SearchEngineKind; url: string }, store: EventStore, logger: Logger): Promise<ProviderSearchEngine> {
    const client = openSearchEngineClient(engine.engine, engine.url);
    let server: string;
    try {
      server = await client.describeServer();
    } catch (error) {
      await client.close();
      throw new Error(
        `provider search is set to ${engine.engine} at ${engine.url}, but the server did not respond; start it ` +
          `(scripts/opensearch.sh start runs OpenSearch on 127.0.0.1:9200) or set OHIP_PROVIDER_SEARCH=postgresql`,
        { cause: error },
      );
    }
    logger.info({ engine: engine.engine, server }, 'provider search engine connected');

    const projection = new ProviderIndexProjection(store, client, logger.child({ component: 'provider-index' }));
    await projection.start();
    return new ProviderSearchEngine(client, projection);
  }

  async onModuleDestroy(): Promise<void> {
    await this.projection.stop();
    await this.client.close();
  }
}
