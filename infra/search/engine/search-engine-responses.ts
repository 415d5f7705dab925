import type { SearchResponse } from './search-engine-client';

// Both engines return search results, bulk results and not-found errors in the same JSON, and
// only the client libraries wrap it differently. These helpers read the shared shape.

export interface RawSearchResponse<Source> {
  hits: { total?: number | { value: number }; hits: { _id: string; _source: Source; sort?: unknown[] }[] };
  aggregations?: SearchResponse<Source>['aggregations'];
}

export function toSearchResponse<Source>(raw: RawSearchResponse<Source>): SearchResponse<Source> {
  const total = typeof raw.hits.total === 'number' ? raw.hits.total : (raw.hits.total?.value ?? 0);
  return {
    total,
    hits: raw.hits.hits.map((hit) => ({ id: hit._id, source: hit._source, sort: hit.sort ?? [] })),
    aggregations: raw.aggregations ?? {},
  };
}

export interface RawMultiSearchResponse<Source> {
  responses: (RawSearchResponse<Source> & { error?: { type?: string; reason?: string } | string; status?: number })[];
}

/** Reads an _msearch response. Throws with the first failed search's reason. */
export function toSearchResponses<Source>(raw: RawMultiSearchResponse<Source>): SearchResponse<Source>[] {
  return raw.responses.map((response, index) => {
    if (response.error !== undefined) {
      const error = typeof response.error === 'string' ? { reason: response.error } : response.error;
      throw new Error(`search ${index + 1} of a multi-search failed with status ${response.status ?? 'unknown'}: ${error.type ?? 'error'} (${error.reason ?? 'no reason given'})`);
    }
    return toSearchResponse(response);
  });
}

interface RawBulkResponse {
  errors: boolean;
  items: Record<string, { _id: string; status: number; error?: { type: string; reason: string } }>[];
}

/** Describes the first failed item of a bulk response; returns undefined when every item succeeded. */
export function bulkFailure(body: RawBulkResponse): string | undefined {
  if (!body.errors) return undefined;
  const failed = body.items.map((item) => Object.values(item)[0]!).filter((item) => item.error !== undefined);
  const first = failed[0];
  return first ? `${failed.length} documents rejected, first ${first._id}: ${first.error!.type} (${first.error!.reason})` : undefined;
}

/** Both clients throw on a 404, for a missing document as for a missing index or alias. */
export function notFound(error: unknown): boolean {
  return (error as { meta?: { statusCode?: number } }).meta?.statusCode === 404;
}
