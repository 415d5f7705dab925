import { Client } from '@opensearch-project/opensearch';

import type { IndexedDocument, JsonObject, SearchEngineClient, SearchResponse } from './search-engine-client';
import { bulkFailure, notFound, toSearchResponse, toSearchResponses, type RawMultiSearchResponse, type RawSearchResponse } from './search-engine-responses';

/** The search engine client over @opensearch-project/opensearch, whose calls return `{ body }`. */
export class OpenSearchEngineClient implements SearchEngineClient {
  readonly kind = 'opensearch';
  private readonly client: Client;

  constructor(url: string) {
    this.client = new Client({ node: url, requestTimeout: 30_000 });
  }

  async describeServer(): Promise<string> {
    const { body } = await this.client.info();
    return `${body.version.distribution ?? 'opensearch'} ${body.version.number}`;
  }

  async search<Source>(index: string, body: JsonObject): Promise<SearchResponse<Source>> {
    const response = await this.client.search({ index, body } as never);
    return toSearchResponse<Source>(response.body as unknown as RawSearchResponse<Source>);
  }

  async searchMany<Source>(index: string, bodies: JsonObject[]): Promise<SearchResponse<Source>[]> {
    const response = await this.client.msearch({ index, body: bodies.flatMap((body) => [{}, body]) } as never);
    return toSearchResponses<Source>(response.body as unknown as RawMultiSearchResponse<Source>);
  }

  async getDocument<Source>(index: string, id: string): Promise<Source | null> {
    try {
      const { body } = await this.client.get({ index, id });
      return body.found ? (body._source as Source) : null;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async getDocuments<Source>(index: string, ids: string[]): Promise<Map<string, Source>> {
    const found = new Map<string, Source>();
    if (ids.length === 0) return found;
    const { body } = await this.client.mget({ index, body: { ids } });
    for (const doc of body.docs as { _id: string; found?: boolean; _source?: Source }[]) {
      if (doc.found) found.set(doc._id, doc._source!);
    }
    return found;
  }

  async indexDocuments<Source>(index: string, documents: IndexedDocument<Source>[], options: { refresh: boolean }): Promise<void> {
    if (documents.length === 0) return;
    const operations = documents.flatMap((document) => [{ index: { _index: index, _id: document.id } }, document.source as JsonObject]);
    const { body } = await this.client.bulk({ body: operations, refresh: options.refresh } as never);
    const failure = bulkFailure(body as never);
    if (failure) throw new Error(`indexing into ${index} failed: ${failure}`);
  }

  async createIndex(index: string, definition: JsonObject): Promise<void> {
    await this.client.indices.create({ index, body: definition } as never);
  }

  async ensureIndex(index: string, definition: JsonObject): Promise<void> {
    const { body: exists } = await this.client.indices.exists({ index });
    if (exists) return;
    try {
      await this.createIndex(index, definition);
    } catch (error) {
      if (!String((error as { message?: string }).message).includes('resource_already_exists_exception')) throw error;
    }
  }

  async deleteIndex(index: string): Promise<void> {
    await this.client.indices.delete({ index, ignore_unavailable: true } as never);
  }

  async refresh(index: string): Promise<void> {
    await this.client.indices.refresh({ index });
  }

  async forceMerge(index: string): Promise<void> {
    await this.client.indices.forcemerge({ index, max_num_segments: 1 });
  }

  async aliasTargets(alias: string): Promise<string[]> {
    try {
      const { body } = await this.client.indices.getAlias({ name: alias });
      return Object.keys(body as JsonObject);
    } catch (error) {
      if (notFound(error)) return [];
      throw error;
    }
  }

  async moveAlias(alias: string, index: string, previous: string[]): Promise<void> {
    const actions = [...previous.map((old) => ({ remove: { index: old, alias } })), { add: { index, alias } }];
    await this.client.indices.updateAliases({ body: { actions } } as never);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
