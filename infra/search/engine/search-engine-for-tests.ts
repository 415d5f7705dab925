import { openSearchEngineClient } from './search-engine-clients';
import type { SearchEngineClient, SearchEngineKind } from './search-engine-client';

// Finds the search engine servers for the service-backed suites, as describeWithPostgres finds
// PostgreSQL: OpenSearch from OPENSEARCH_URL, required under CI=true; Elasticsearch from
// ELASTICSEARCH_URL, never required, since no Elasticsearch server can be assembled here.

const ENGINES: Record<SearchEngineKind, { variable: string; requiredInCi: boolean; howToStart: string }> = {
  opensearch: { variable: 'OPENSEARCH_URL', requiredInCi: true, howToStart: 'scripts/opensearch.sh start runs one on 127.0.0.1:9200' },
  elasticsearch: { variable: 'ELASTICSEARCH_URL', requiredInCi: false, howToStart: 'point it at an Elasticsearch 8 server' },
};

export function searchEngineUrlForTests(kind: SearchEngineKind): string | undefined {
  const { variable, requiredInCi, howToStart } = ENGINES[kind];
  const url = process.env[variable];
  if (!url && requiredInCi && process.env.CI === 'true') {
    throw new Error(`${variable} is not set, and CI=true requires the ${kind} suites; ${howToStart}`);
  }
  return url;
}

/** Returns the skipped suite's title suffix: the missing variable and how to get a server. */
export function searchEngineSkipReason(kind: SearchEngineKind): string {
  const { variable, howToStart } = ENGINES[kind];
  return `skipped: ${variable} is not set; ${howToStart}`;
}

/** Opens a client for the configured engine. Call it only when searchEngineUrlForTests returned a URL. */
export function openSearchEngineForTests(kind: SearchEngineKind): SearchEngineClient {
  return openSearchEngineClient(kind, searchEngineUrlForTests(kind)!);
}

/** Returns a fresh alias name per suite, so suites sharing one server never see each other's documents. */
export function testAlias(suite: string): string {
  return `test-${suite}-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
}
