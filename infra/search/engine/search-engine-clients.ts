import { ElasticsearchEngineClient } from './elasticsearch-engine-client';
import { OpenSearchEngineClient } from './opensearch-engine-client';
import type { SearchEngineClient, SearchEngineKind } from './search-engine-client';

/** Opens the client for the engine the deployment names; each engine needs its own library. */
export function openSearchEngineClient(kind: SearchEngineKind, url: string): SearchEngineClient {
  return kind === 'elasticsearch' ? new ElasticsearchEngineClient(url) : new OpenSearchEngineClient(url);
}
