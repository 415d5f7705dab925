import type { DirectoryProvider, ProviderSearch, ProviderSearchQuery, ProviderSearchResult } from './provider-search.port';

/**
 * Searches repeat: a patient app asks "family medicine near me" far more often than anything
 * else. 2,000 results of one page each stay well under 50 MB.
 */
const MAX_CACHED_RESULTS = 2_000;

/**
 * Keeps recent search results keyed by the query and the directory projection's position. Any
 * event the projection applies moves the position, so a cached result is only ever served for the
 * exact read-model state it was computed on; it is never stale, and no invalidation is needed.
 */
export class CachedProviderSearch implements ProviderSearch {
  private readonly results = new Map<string, ProviderSearchResult>();
  readonly kind: string;

  constructor(
    private readonly inner: ProviderSearch,
    private readonly directoryPosition: () => bigint,
  ) {
    this.kind = `${inner.kind}, cached`;
  }

  async search(query: ProviderSearchQuery): Promise<ProviderSearchResult> {
    const key = `${this.directoryPosition()}|${JSON.stringify(query)}`;
    const cached = this.results.get(key);
    if (cached) {
      // Re-inserting moves the entry to the end of the map's order, which makes the map an LRU.
      this.results.delete(key);
      this.results.set(key, cached);
      return cached;
    }

    const result = await this.inner.search(query);
    this.results.set(key, result);
    if (this.results.size > MAX_CACHED_RESULTS) {
      this.results.delete(this.results.keys().next().value!);
    }
    return result;
  }

  get(providerId: string): Promise<DirectoryProvider | null> {
    return this.inner.get(providerId);
  }
}
