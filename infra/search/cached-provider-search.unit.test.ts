import type { ProviderSearch, ProviderSearchQuery, ProviderSearchResult } from './provider-search.port';
import { CachedProviderSearch } from './cached-provider-search';

const query: ProviderSearchQuery = { sort: 'rating', page: 1, pageSize: 20, facets: false, specialty: 'family-medicine' };

function countingSearch() {
  let calls = 0;
  const inner: ProviderSearch = {
    kind: 'counting',
    async search() {
      calls++;
      return { items: [], total: calls } as unknown as ProviderSearchResult;
    },
    async get() {
      return null;
    },
  };
  return { inner, calls: () => calls };
}

describe('cached provider search', () => {
  it('serves a repeated query from the cache', async () => {
    const { inner, calls } = countingSearch();
    const cached = new CachedProviderSearch(inner, () => 10n);

    await cached.search(query);
    await cached.search({ ...query });

    expect(calls()).toBe(1);
  });

  it('searches again once the directory moved', async () => {
    const { inner, calls } = countingSearch();
    let position = 10n;
    const cached = new CachedProviderSearch(inner, () => position);

    await cached.search(query);
    position = 11n;
    const result = await cached.search(query);

    expect(calls()).toBe(2);
    expect(result.total).toBe(2);
  });

  it('keeps different queries apart', async () => {
    const { inner, calls } = countingSearch();
    const cached = new CachedProviderSearch(inner, () => 10n);

    await cached.search(query);
    await cached.search({ ...query, page: 2 });

    expect(calls()).toBe(2);
  });
});
