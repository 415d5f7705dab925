// The provider search port. The PostgreSQL adapter (also run on PGlite) reads the directory read
// model; an Elasticsearch adapter would keep its own index from the same provider events. One
// contract suite (test/contracts/provider-search.contract.ts) runs against each adapter.

export const PROVIDER_SEARCH = Symbol('ProviderSearch');

export type ProviderSort = 'relevance' | 'wait_time' | 'distance' | 'rating';

/** A validated search; every filter is optional and all given filters must hold. */
export interface ProviderSearchQuery {
  /** Free text over name, specialty and credentials, in English or French. */
  text?: string;
  specialty?: string;
  /** Search origin; `radiusKm` limits results to that distance, otherwise distance only sorts. */
  near?: { lat: number; lng: number; radiusKm?: number };
  /** true: only providers with an open slot (a known wait); false: only those without one. */
  available?: boolean;
  ratingMin?: number;
  /** ISO 639-1 code the provider consults in. */
  language?: string;
  accessible?: boolean;
  telemedicine?: boolean;
  /**
   * relevance ranks text matches first (by name when there is no text); the others put the
   * shortest wait, the nearest or the best rated first. Ties always fall back to providerId.
   */
  sort: ProviderSort;
  page: number;
  pageSize: number;
  /** Count the filtered providers per specialty, language and provider type. */
  facets: boolean;
}

export interface ProviderLocationSummary {
  locationId: string;
  facilityName: string;
  serviceType: string;
  community: string;
  lat: number;
  lng: number;
  accessibility: string[];
}

export interface DirectoryProvider {
  providerId: string;
  name: { given: string; family: string; display: string };
  providerType: string;
  specialties: string[];
  credentials: { designation: string; regulator: string; registrationNumber: string }[];
  languages: string[];
  location: ProviderLocationSummary | null;
  accessible: boolean;
  telemedicine: boolean;
  rating: number | null;
  reviewCount: number;
  acceptedInsurance: string[];
  /** Days from publication to the earliest open slot; null until the provider has slots. */
  waitDays: number | null;
  nextSlotAt: string | null;
  /** True for a generated practitioner who does not exist. */
  demo: boolean;
}

export interface ProviderSearchHit extends DirectoryProvider {
  /** Great-circle distance from the search origin, or null without one. */
  distanceKm: number | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** Counts over the whole filtered set (not only the page), largest first, then by value. */
export interface ProviderFacets {
  specialty: FacetCount[];
  language: FacetCount[];
  providerType: FacetCount[];
}

export interface ProviderSearchResult {
  items: ProviderSearchHit[];
  total: number;
  page: number;
  pageSize: number;
  facets?: ProviderFacets;
}

export interface ProviderSearch {
  readonly kind: string;
  search(query: ProviderSearchQuery): Promise<ProviderSearchResult>;
  /** Returns the provider, or null when no provider has that id. */
  get(providerId: string): Promise<DirectoryProvider | null>;
}

/** Earth's mean radius (IUGG), the radius Elasticsearch's geo distance also uses. */
export const MEAN_EARTH_RADIUS_KM = 6371.0088;
