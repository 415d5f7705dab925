import { Client } from '@elastic/elasticsearch';

import type { IndexedDocument, JsonObject, SearchEngineClient, SearchResponse } from './search-engine-client';
import { bulkFailure, notFound, toSearchResponse, toSearchResponses, type RawMultiSearchResponse, type RawSearchResponse } from './search-engine-responses';

/**
 * The search engine client over @elastic/elasticsearch 8, whose calls return the body itself.
 * The 8.x client checks the product header and refuses a server that is not Elasticsearch, so
 * an OpenSearch node needs OpenSearchEngineClient.
 */
export class ElasticsearchEngineClient implements SearchEngineClient {
  readonly kind = 'elasticsearch';
  private readonly client: Client;

  constructor(url: string) {
    this.client = new Client({ node: url, requestTimeout: 30_000 });
  }

  async describeServer(): Promise<string> {
    const info = await this.client.info();
    return `elasticsearch ${info.version.number}`;
  }

  async search<Source>(index: string, body: JsonObject): Promise<SearchResponse<Source>> {
    const response = await this.client.search({ index, ...body } as never);
    return toSearchResponse<Source>(response as unknown as RawSearchResponse<Source>);
  }

  async searchMany<Source>(index: string, bodies: JsonObject[]): Promise<SearchResponse<Source>[]> {
    const response = await this.client.msearch({ index, searches: bodies.flatMap((body) => [{}, body]) } as never);
    return toSearchResponses<Source>(response as unknown as RawMultiSearchResponse<Source>);
  }

  async getDocument<Source>(index: string, id: string): Promise<Source | null> {
    try {
      const document = await this.client.get<Source>({ index, id });
      return document.found ? document._source! : null;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async getDocuments<Source>(index: string, ids: string[]): Promise<Map<string, Source>> {
    const found = new Map<string, Source>();
    if (ids.length === 0) return found;
    const response = await this.client.mget<Source>({ index, ids });
    for (const doc of response.docs as { _id: string; found?: boolean; _source?: Source }[]) {
      if (doc.found) found.set(doc._id, doc._source!);
    }
    return found;
  }

  async indexDocuments<Source>(index: string, documents: IndexedDocument<Source>[], options: { refresh: boolean }): Promise<void> {
    if (documents.length === 0) return;
    const operations = documents.flatMap((document) => [{ index: { _index: index, _id: document.id } }, document.source as JsonObject]);
    const response = await this.client.bulk({ operations, refresh: options.refresh });
    const failure = bulkFailure(response as never);
    if (failure) throw new Error(`indexing into ${index} failed: ${failure}`);
  }

  async createIndex(index: string, definition: JsonObject): Promise<void> {
    await this.client.indices.create({ index, ...definition } as never);
  }

  async ensureIndex(index: string, definition: JsonObject): Promise<void> {
    if (await this.client.indices.exists({ index })) return;
    try {
      await this.createIndex(index, definition);
    } catch (error) {
      if (!String((error as { message?: string }).message).includes('resource_already_exists_exception')) throw error;
    }
  }

  async deleteIndex(index: string): Promise<void> {
    await this.client.indices.delete({ index, ignore_unavailable: true });
  }

  async refresh(index: string): Promise<void> {
    await this.client.indices.refresh({ index });
  }

  async forceMerge(index: string): Promise<void> {
    await this.client.indices.forcemerge({ index, max_num_segments: 1 });
  }

  async aliasTargets(alias: string): Promise<string[]> {
    try {
      return Object.keys(await this.client.indices.getAlias({ name: alias }));
    } catch (error) {
      if (notFound(error)) return [];
      throw error;
    }
  }

  async moveAlias(alias: string, index: string, previous: string[]): Promise<void> {
    const actions = [...previous.map((old) => ({ remove: { index: old, alias } })), { add: { index, alias } }];
    await this.client.indices.updateAliases({ actions });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
