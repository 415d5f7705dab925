import {
  MEAN_EARTH_RADIUS_KM,
  type DirectoryProvider,
  type FacetCount,
  type ProviderSearch,
  type ProviderSearchQuery,
  type ProviderSearchResult,
} from '../provider-search.port';
import { PROVIDER_INDEX_ALIAS, toDirectoryProvider, type ProviderDocument } from './provider-index';
import { providerFacetsBody, providerSearchBody } from './provider-index-query';
import type { SearchEngineClient, SearchResponse } from './search-engine-client';

/**
 * Provider search on Elasticsearch or OpenSearch, over the index that the provider index
 * projection keeps (provider-index-projection.ts). It reads through the alias, so a rebuild
 * swaps the index underneath without a pause.
 */
export class EngineProviderSearch implements ProviderSearch {
  readonly kind: string;

  constructor(
    private readonly client: SearchEngineClient,
    private readonly alias = PROVIDER_INDEX_ALIAS,
  ) {
    this.kind = client.kind;
  }

  async search(query: ProviderSearchQuery): Promise<ProviderSearchResult> {
    // With facets, the page and the counts go as one multi-search in one round trip. The counts
    // keep their own request-cache entry, which providerFacetsBody explains.
    const [response, facets] = query.facets
      ? await this.client.searchMany<ProviderDocument>(this.alias, [providerSearchBody(query), providerFacetsBody(query)])
      : [await this.client.search<ProviderDocument>(this.alias, providerSearchBody(query))];
    const result: ProviderSearchResult = {
      items: response.hits.map(({ source }) => ({
        ...toDirectoryProvider(source),
        distanceKm: query.near && source.location ? haversineKm(query.near, source.location) : null,
      })),
      total: response.total,
      page: query.page,
      pageSize: query.pageSize,
    };
    if (facets) {
      result.facets = { specialty: facet(facets, 'specialty'), language: facet(facets, 'language'), providerType: facet(facets, 'providerType') };
    }
    return result;
  }

  async get(providerId: string): Promise<DirectoryProvider | null> {
    const document = await this.client.getDocument<ProviderDocument>(this.alias, providerId);
    return document ? toDirectoryProvider(document) : null;
  }
}

function facet(response: SearchResponse<ProviderDocument>, name: string): FacetCount[] {
  return (response.aggregations[name]?.buckets ?? []).map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count }));
}

// The read model reports the same great-circle distance on the mean Earth radius. The engine's
// own sort distance is not used because it comes from the quantized point, a few millimetres off.
function haversineKm(origin: { lat: number; lng: number }, point: { lat: number; lng: number }): number {
  const radians = Math.PI / 180;
  const dLat = (point.lat - origin.lat) * radians;
  const dLng = (point.lng - origin.lng) * radians;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(origin.lat * radians) * Math.cos(point.lat * radians) * Math.sin(dLng / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
