import { toSearchResponses } from './search-engine-responses';

describe('multi-search response', () => {
  const page = { hits: { total: { value: 2 }, hits: [{ _id: 'a', _source: { providerId: 'a' } }] } };
  const counts = { hits: { total: 2, hits: [] }, aggregations: { language: { buckets: [{ key: 'fr', doc_count: 2 }] } } };

  it('returns searches in request order', () => {
    const [first, second] = toSearchResponses({ responses: [page, counts] });

    expect(first).toEqual({ total: 2, hits: [{ id: 'a', source: { providerId: 'a' }, sort: [] }], aggregations: {} });
    expect(second!.aggregations.language!.buckets).toEqual([{ key: 'fr', doc_count: 2 }]);
  });

  it('names the failed search, its status and the reason', () => {
    const failed = { ...counts, status: 400, error: { type: 'search_phase_execution_exception', reason: 'all shards failed' } };

    expect(() => toSearchResponses({ responses: [page, failed] })).toThrow(
      'search 2 of a multi-search failed with status 400: search_phase_execution_exception (all shards failed)',
    );
  });
});
