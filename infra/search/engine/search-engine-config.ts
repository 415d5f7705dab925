import { z } from 'zod';

import type { SearchEngineKind } from './search-engine-client';

// Which engine serves provider search: the directory read model on PostgreSQL/PGlite (the
// default), or a search index on Elasticsearch or OpenSearch. Once an engine is named, the
// product uses it or fails to start. It never falls back to the read model.

// Outside production, an engine that is named without a URL is the one scripts/opensearch.sh starts.
const DEVELOPMENT_ENGINE_URL = 'http://127.0.0.1:9200';

const engineUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http:// or https:// URL, such as http://127.0.0.1:9200')
  .optional();

export const searchEnvironment = {
  OHIP_PROVIDER_SEARCH: z.enum(['postgresql', 'elasticsearch', 'opensearch']).default('postgresql'),
  ELASTICSEARCH_URL: engineUrl,
  OPENSEARCH_URL: engineUrl,
};

interface SearchEnvironment {
  NODE_ENV: 'development' | 'test' | 'production';
  OHIP_PROVIDER_SEARCH: 'postgresql' | SearchEngineKind;
  ELASTICSEARCH_URL?: string;
  OPENSEARCH_URL?: string;
}

export type ProviderSearchConfig = { engine: 'postgresql' } | { engine: SearchEngineKind; url: string };

const URL_VARIABLE: Record<SearchEngineKind, 'ELASTICSEARCH_URL' | 'OPENSEARCH_URL'> = {
  elasticsearch: 'ELASTICSEARCH_URL',
  opensearch: 'OPENSEARCH_URL',
};

/** Adds an issue when production names an engine but not its server. */
export function checkSearchEnvironment(env: SearchEnvironment, context: z.RefinementCtx): void {
  if (env.OHIP_PROVIDER_SEARCH === 'postgresql') return;
  const variable = URL_VARIABLE[env.OHIP_PROVIDER_SEARCH];
  if (env.NODE_ENV === 'production' && !env[variable]) {
    context.addIssue({
      code: 'custom',
      path: [variable],
      message: `is required in production when OHIP_PROVIDER_SEARCH=${env.OHIP_PROVIDER_SEARCH}; name the server, such as https://search.internal:9200`,
    });
  }
}

export function searchConfigFrom(env: SearchEnvironment): ProviderSearchConfig {
  if (env.OHIP_PROVIDER_SEARCH === 'postgresql') return { engine: 'postgresql' };
  return { engine: env.OHIP_PROVIDER_SEARCH, url: env[URL_VARIABLE[env.OHIP_PROVIDER_SEARCH]] ?? DEVELOPMENT_ENGINE_URL };
}
