// The few index operations provider search needs, in the words of both engines. One
// implementation wraps the OpenSearch client and one the Elasticsearch client. The adapter and the
// index projection only see this interface, so they run unchanged on either engine.

export type SearchEngineKind = 'opensearch' | 'elasticsearch';

export type JsonObject = Record<string, unknown>;

export interface SearchHit<Source> {
  id: string;
  source: Source;
  sort: unknown[];
}

export interface SearchResponse<Source> {
  total: number;
  hits: SearchHit<Source>[];
  aggregations: Record<string, { buckets: { key: string | number; doc_count: number }[] }>;
}

export interface IndexedDocument<Source> {
  id: string;
  source: Source;
}

export interface SearchEngineClient {
  readonly kind: SearchEngineKind;
  /** The server's product and version, for logs and errors. */
  describeServer(): Promise<string>;
  search<Source>(index: string, body: JsonObject): Promise<SearchResponse<Source>>;
  /**
   * Runs several searches of one index in one request (_msearch) and returns their results in
   * order. Each keeps its own entry in the engine's request cache. Throws when any of them fails.
   */
  searchMany<Source>(index: string, bodies: JsonObject[]): Promise<SearchResponse<Source>[]>;
  /** Real-time read by id; null when the document or the index does not exist. */
  getDocument<Source>(index: string, id: string): Promise<Source | null>;
  /** Real-time read of many documents; missing ones are absent from the map. */
  getDocuments<Source>(index: string, ids: string[]): Promise<Map<string, Source>>;
  /** Writes whole documents; `refresh` makes them searchable before it resolves. Throws when any item fails. */
  indexDocuments<Source>(index: string, documents: IndexedDocument<Source>[], options: { refresh: boolean }): Promise<void>;
  createIndex(index: string, definition: JsonObject): Promise<void>;
  /** Creates the index unless it exists, as one call that tolerates a concurrent creator. */
  ensureIndex(index: string, definition: JsonObject): Promise<void>;
  deleteIndex(index: string): Promise<void>;
  refresh(index: string): Promise<void>;
  /** Merges the index into one segment, for an index that is complete and mostly read from now on. */
  forceMerge(index: string): Promise<void>;
  /** The indices the alias points at; empty when the alias does not exist. */
  aliasTargets(alias: string): Promise<string[]>;
  /** Points the alias at `index` and away from `previous` in one atomic step. */
  moveAlias(alias: string, index: string, previous: string[]): Promise<void>;
  close(): Promise<void>;
}
