import type { DirectoryProvider } from '../provider-search.port';

// The provider search index: one document per provider, with the fields of the directory read
// model. Text is indexed three ways (standard, English, French), so a patient's words match in
// either language. Facets and filters are keyword, boolean and numeric fields, and the listed
// location is a geo_point.

/** Bump it when the mapping or the document changes; the index projection then rebuilds. */
export const PROVIDER_INDEX_VERSION = 1;

/** The alias searches read and the projection writes; it always points at one complete index. */
export const PROVIDER_INDEX_ALIAS = 'ohip-providers';

export interface ProviderDocument {
  providerId: string;
  givenName: string;
  familyName: string;
  name: string;
  providerType: string;
  specialties: string[];
  specialtyText: string;
  credentials: DirectoryProvider['credentials'];
  credentialText: string;
  languages: string[];
  location: DirectoryProvider['location'];
  point: { lat: number; lon: number } | null;
  accessibility: string[];
  accessible: boolean;
  telemedicine: boolean;
  rating: number | null;
  reviewCount: number;
  acceptedInsurance: string[];
  waitDays: number | null;
  nextSlotAt: string | null;
  demo: boolean;
  registeredAt: string;
  /** The global position of the registration, as a decimal string (positions exceed 2^53). */
  position: string;
}

const bilingualText = {
  type: 'text',
  analyzer: 'standard',
  fields: { en: { type: 'text', analyzer: 'english' }, fr: { type: 'text', analyzer: 'french' } },
};

/**
 * One shard: the directory is tens of thousands of providers, and a single shard gives exact
 * facet counts and exact scores. No replica: the node runs alone.
 */
export const PROVIDER_INDEX_DEFINITION = {
  settings: { number_of_shards: 1, number_of_replicas: 0, 'index.max_result_window': 10_000 },
  mappings: {
    dynamic: 'strict',
    properties: {
      providerId: { type: 'keyword' },
      givenName: { type: 'keyword' },
      familyName: { type: 'keyword' },
      name: bilingualText,
      providerType: { type: 'keyword' },
      specialties: { type: 'keyword' },
      specialtyText: bilingualText,
      credentials: { type: 'object', enabled: false },
      credentialText: bilingualText,
      languages: { type: 'keyword' },
      location: { type: 'object', enabled: false },
      point: { type: 'geo_point' },
      accessibility: { type: 'keyword' },
      accessible: { type: 'boolean' },
      telemedicine: { type: 'boolean' },
      rating: { type: 'double' },
      reviewCount: { type: 'integer' },
      acceptedInsurance: { type: 'keyword' },
      waitDays: { type: 'double' },
      nextSlotAt: { type: 'date' },
      demo: { type: 'boolean' },
      registeredAt: { type: 'date' },
      position: { type: 'keyword' },
    },
  },
};

export function toDirectoryProvider(document: ProviderDocument): DirectoryProvider {
  return {
    providerId: document.providerId,
    name: { given: document.givenName, family: document.familyName, display: document.name },
    providerType: document.providerType,
    specialties: document.specialties,
    credentials: document.credentials,
    languages: document.languages,
    location: document.location,
    accessible: document.accessible,
    telemedicine: document.telemedicine,
    rating: document.rating,
    reviewCount: document.reviewCount,
    acceptedInsurance: document.acceptedInsurance,
    waitDays: document.waitDays,
    nextSlotAt: document.nextSlotAt,
    demo: document.demo,
  };
}
