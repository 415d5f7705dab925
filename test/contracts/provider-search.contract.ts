import fc from 'fast-check';

import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { ProviderSearch, ProviderSearchHit, ProviderSearchQuery } from '../../infra/search/provider-search.port';
import {
  DIRECTORY_FIXTURES,
  directoryFixtureEvents,
  haversineKm,
  OTTAWA,
  type DirectoryProviderFixture,
} from '../support/directory-providers';

export interface ProviderSearchFixture {
  search: ProviderSearch;
  /** Brings provider events into the adapter's index the way its projection does. */
  index(events: StoredEvent[]): Promise<void>;
  dispose(): Promise<void>;
}

const baseQuery: ProviderSearchQuery = { sort: 'relevance', page: 1, pageSize: 100, facets: false };
const ids = (items: ProviderSearchHit[]) => items.map((item) => item.providerId);

/**
 * The behaviour every provider search adapter must have. Each adapter's test file calls this
 * once with a factory that opens an empty index.
 */
export function describeProviderSearchContract(adapter: string, open: () => Promise<ProviderSearchFixture>): void {
  describe(`provider search contract: ${adapter}`, () => {
    let fixture: ProviderSearchFixture;
    let search: ProviderSearch;
    const find = (query: Partial<ProviderSearchQuery>) => search.search({ ...baseQuery, ...query });

    beforeAll(async () => {
      fixture = await open();
      search = fixture.search;
      await fixture.index(directoryFixtureEvents());
    });

    afterAll(async () => {
      await fixture?.dispose();
    });

    describe('one provider', () => {
      it('returns every field of a provider', async () => {
        const provider = await search.get('ottawa-family-1');

        expect(provider).toEqual({
          providerId: 'ottawa-family-1',
          name: { given: 'Marie', family: 'Tremblay', display: 'Marie Tremblay' },
          providerType: 'physician',
          specialties: ['family-medicine'],
          credentials: [{ designation: 'MD', regulator: 'CPSO', registrationNumber: 'DEMO-ottawa-family-1' }],
          languages: ['en', 'fr'],
          location: {
            locationId: 'on-moh-9001',
            facilityName: 'Centretown Community Health Centre',
            serviceType: 'Community Health Centre',
            community: 'Ottawa',
            lat: 45.4236,
            lng: -75.6997,
            accessibility: ['step-free-entrance', 'accessible-washroom'],
          },
          accessible: true,
          telemedicine: true,
          rating: 4.8,
          reviewCount: 120,
          acceptedInsurance: ['IFHP', 'OHIP'],
          waitDays: 2,
          nextSlotAt: '2025-03-05T14:00:00.000Z',
          demo: true,
        });
      });

      it('keeps a provider without a role', async () => {
        const provider = await search.get('unassigned-1');

        expect(provider).toMatchObject({ providerId: 'unassigned-1', specialties: [], location: null, rating: null, waitDays: null, demo: false });
      });

      it('returns null for an unknown id', async () => {
        expect(await search.get('no-such-provider')).toBeNull();
      });
    });

    describe('filters', () => {
      it('lists everyone without filters, by family name', async () => {
        const result = await find({});

        expect(result.total).toBe(DIRECTORY_FIXTURES.length);
        expect(ids(result.items)).toEqual(sortedByName(DIRECTORY_FIXTURES).map((provider) => provider.providerId));
      });

      it('filters by specialty', async () => {
        const result = await find({ specialty: 'family-medicine' });

        expect(ids(result.items).sort()).toEqual(['kanata-family-1', 'ottawa-family-1', 'toronto-family-1']);
      });

      it('filters by language', async () => {
        const result = await find({ language: 'fr' });

        expect(ids(result.items).sort()).toEqual(['cornwall-immunization-1', 'ottawa-family-1', 'ottawa-mental-1']);
      });

      it('filters on accessibility both ways', async () => {
        const accessible = await find({ accessible: true });
        const notAccessible = await find({ accessible: false });

        expect(ids(accessible.items).sort()).toEqual(['cornwall-immunization-1', 'kanata-family-1', 'ottawa-family-1', 'thunder-bay-pharmacy-1', 'toronto-family-1']);
        expect(accessible.total + notAccessible.total).toBe(DIRECTORY_FIXTURES.length);
      });

      it('filters on telemedicine', async () => {
        const result = await find({ telemedicine: true });

        expect(ids(result.items).sort()).toEqual(['ottawa-family-1', 'ottawa-mental-1', 'thunder-bay-pharmacy-1', 'toronto-family-1']);
      });

      it('filters by minimum rating, leaving out the unrated', async () => {
        const result = await find({ ratingMin: 4.5 });

        expect(ids(result.items).sort()).toEqual(['cornwall-immunization-1', 'ottawa-family-1', 'sudbury-midwifery-1', 'toronto-family-1']);
      });

      it('filters on availability', async () => {
        const result = await find({ available: true });

        expect(ids(result.items).sort()).toEqual(['cornwall-immunization-1', 'ottawa-family-1', 'ottawa-mental-1', 'toronto-family-1']);
      });

      it('keeps providers within the radius', async () => {
        const result = await find({ near: { ...OTTAWA, radiusKm: 25 }, sort: 'distance' });

        expect(ids(result.items)).toEqual(['ottawa-family-1', 'ottawa-mental-1', 'kanata-family-1']);
      });

      it('reports the haversine distance', async () => {
        const result = await find({ near: { ...OTTAWA, radiusKm: 500 }, sort: 'distance' });

        for (const item of result.items) {
          expect(item.distanceKm).toBeCloseTo(haversineKm(OTTAWA, item.location!), 2);
        }
        expect(ids(result.items)).toContain('toronto-family-1');
        expect(ids(result.items)).not.toContain('thunder-bay-pharmacy-1');
      });

      it('combines filters', async () => {
        const result = await find({ near: { ...OTTAWA, radiusKm: 100 }, language: 'fr', available: true, ratingMin: 4.4 });

        expect(ids(result.items).sort()).toEqual(['cornwall-immunization-1', 'ottawa-family-1']);
      });

      it('matches every filter the way a plain reading of the fixtures does', async () => {
        await fc.assert(
          fc.asyncProperty(filterArbitrary, async (filters) => {
            const result = await find({ ...filters, sort: 'rating' });

            expect(ids(result.items).sort()).toEqual(referenceFilter(filters));
            expect(result.total).toBe(result.items.length);
          }),
          { numRuns: 60 },
        );
      });
    });

    describe('free text', () => {
      it('finds a provider by family name', async () => {
        const result = await find({ text: 'Tremblay' });

        expect(ids(result.items)).toEqual(['ottawa-family-1']);
      });

      it('finds a specialty by its French label', async () => {
        const result = await find({ text: 'santé mentale' });

        expect(ids(result.items)).toEqual(['ottawa-mental-1']);
      });

      it('finds a specialty by its English label', async () => {
        const result = await find({ text: 'family medicine' });

        expect(ids(result.items).sort()).toEqual(['kanata-family-1', 'ottawa-family-1', 'toronto-family-1']);
      });

      it('finds providers by credential and by type', async () => {
        const byRegulator = await find({ text: 'CPSO' });
        const byType = await find({ text: 'midwife' });

        expect(ids(byRegulator.items).sort()).toEqual(['ottawa-family-1', 'toronto-family-1']);
        expect(ids(byType.items)).toEqual(['sudbury-midwifery-1']);
      });

      it('needs every word to match', async () => {
        const result = await find({ text: 'Chen family' });

        expect(ids(result.items)).toEqual(['toronto-family-1']);
      });

      it('ranks a name match above a credential match', async () => {
        const result = await find({ text: 'nurse' });

        expect(ids(result.items)[0]).toBe('unassigned-1');
        expect(ids(result.items).slice(1).sort()).toEqual(['cornwall-immunization-1', 'kanata-family-1']);
      });

      it('finds nothing for an unknown word', async () => {
        const result = await find({ text: 'zzyzx' });

        expect(result).toMatchObject({ total: 0, items: [] });
      });
    });

    describe('sorts', () => {
      it('puts the shortest wait first and providers without slots last', async () => {
        const result = await find({ sort: 'wait_time' });

        expect(ids(result.items).slice(0, 4)).toEqual(['ottawa-family-1', 'cornwall-immunization-1', 'toronto-family-1', 'ottawa-mental-1']);
        expect(result.items.slice(4).every((item) => item.waitDays === null)).toBe(true);
      });

      it('puts the nearest first and providers without a location last', async () => {
        const result = await find({ near: OTTAWA, sort: 'distance' });
        const distances = result.items.map((item) => item.distanceKm);

        expect(result.total).toBe(DIRECTORY_FIXTURES.length);
        expect(distances.at(-1)).toBeNull();
        expect(distances.slice(0, -1)).toEqual([...distances.slice(0, -1)].sort((a, b) => a! - b!));
      });

      it('puts the best rated first and the unrated last', async () => {
        const result = await find({ sort: 'rating' });
        const ratings = result.items.map((item) => item.rating);

        expect(ratings).toEqual([4.9, 4.8, 4.6, 4.5, 4.1, 3.9, null, null]);
      });
    });

    describe('pages and facets', () => {
      it('pages through the same order', async () => {
        const all = await find({ sort: 'rating' });
        const second = await find({ sort: 'rating', page: 2, pageSize: 3 });

        expect(second.total).toBe(all.total);
        expect(ids(second.items)).toEqual(ids(all.items).slice(3, 6));
      });

      it('counts the total past the last page', async () => {
        const result = await find({ page: 5, pageSize: 10 });

        expect(result).toMatchObject({ total: DIRECTORY_FIXTURES.length, items: [] });
      });

      it('counts facets over the filtered set', async () => {
        const result = await find({ near: { ...OTTAWA, radiusKm: 100 }, facets: true, pageSize: 1 });

        expect(result.items).toHaveLength(1);
        expect(result.facets).toEqual({
          specialty: [
            { value: 'family-medicine', count: 2 },
            { value: 'immunization', count: 1 },
            { value: 'mental-health', count: 1 },
          ],
          language: [
            { value: 'en', count: 3 },
            { value: 'fr', count: 3 },
          ],
          providerType: [
            { value: 'nurse-practitioner', count: 1 },
            { value: 'physician', count: 1 },
            { value: 'psychotherapist', count: 1 },
            { value: 'registered-nurse', count: 1 },
          ],
        });
      });

      it('leaves facets out unless asked', async () => {
        const result = await find({});

        expect(result.facets).toBeUndefined();
      });
    });
  });
}

type Filters = Pick<ProviderSearchQuery, 'specialty' | 'language' | 'accessible' | 'telemedicine' | 'available' | 'ratingMin' | 'near'>;

// Radii stay clear of every fixture's distance from Ottawa, so rounding cannot decide a case.
const filterArbitrary: fc.Arbitrary<Filters> = fc.record(
  {
    specialty: fc.constantFrom('family-medicine', 'mental-health', 'immunization', 'midwifery', 'laboratory'),
    language: fc.constantFrom('en', 'fr', 'zh', 'ar', 'pa'),
    accessible: fc.boolean(),
    telemedicine: fc.boolean(),
    available: fc.boolean(),
    ratingMin: fc.constantFrom(1, 4, 4.5, 4.85, 5),
    near: fc.constantFrom(10, 50, 150, 400, 500).map((radiusKm) => ({ ...OTTAWA, radiusKm })),
  },
  { requiredKeys: [] },
);

function referenceFilter(filters: Filters): string[] {
  const keep = (provider: DirectoryProviderFixture) =>
    (filters.specialty === undefined || provider.specialty === filters.specialty) &&
    (filters.language === undefined || provider.languages.includes(filters.language)) &&
    (filters.accessible === undefined || (provider.place !== undefined && (provider.accessibility ?? []).includes('step-free-entrance')) === filters.accessible) &&
    (filters.telemedicine === undefined || (provider.place !== undefined && provider.telemedicine === true) === filters.telemedicine) &&
    (filters.available === undefined || (provider.firstSlotInDays !== undefined) === filters.available) &&
    (filters.ratingMin === undefined || (provider.rating !== undefined && provider.rating.average >= filters.ratingMin)) &&
    (filters.near?.radiusKm === undefined || (provider.place !== undefined && haversineKm(filters.near, provider.place) <= filters.near.radiusKm));
  return DIRECTORY_FIXTURES.filter(keep)
    .map((provider) => provider.providerId)
    .sort();
}

function sortedByName(providers: readonly DirectoryProviderFixture[]): DirectoryProviderFixture[] {
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...providers].sort((a, b) => byCodePoint(a.family, b.family) || byCodePoint(a.given, b.given) || byCodePoint(a.providerId, b.providerId));
}
