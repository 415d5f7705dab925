import fc from 'fast-check';

import { createSeededRandom, generateDemoProviders, providerDecider } from '../../../domain/providers';
import { REAL_FACILITIES } from '../../../domain/providers/provider.fixtures';
import { buildDirectory, openPGliteWithEarthDistance } from '../../../test/support/directory-database';
import type { StoredEvent } from '../../event-store/event-store.port';
import type { SqlClient } from '../../sql/sql-client';
import { PostgresProviderSearch } from '../postgres-provider-search';
import type { ProviderSearchQuery } from '../provider-search.port';
import { EngineProviderSearch } from './engine-provider-search';
import { createProviderIndex, indexProviderEvents } from './provider-index-projection';
import type { SearchEngineClient } from './search-engine-client';
import { openSearchEngineForTests, searchEngineSkipReason, searchEngineUrlForTests, testAlias } from './search-engine-for-tests';

// The OpenSearch adapter against the PGlite adapter on a few hundred generated practitioners.
// For any query both return the same total and the same facets. They also return the same
// providers in the same order, except under text relevance, whose scores differ between engines.

const REGISTERED_AT = '2025-03-03T14:00:00.000Z';
const describeOnOpenSearch = searchEngineUrlForTests('opensearch') ? describe : skipWithReason;

describeOnOpenSearch('OpenSearch adapter against the PostgreSQL adapter', () => {
  let sql: SqlClient;
  let client: SearchEngineClient;
  let index: string;
  let postgres: PostgresProviderSearch;
  let engine: EngineProviderSearch;

  beforeAll(async () => {
    const events = generatedDirectory();
    sql = await openPGliteWithEarthDistance();
    await buildDirectory(sql, events);
    postgres = new PostgresProviderSearch(sql);

    client = openSearchEngineForTests('opensearch');
    const alias = testAlias('equivalence');
    index = await createProviderIndex(client, alias);
    await client.moveAlias(alias, index, []);
    await indexProviderEvents(client, index, events, { refresh: true });
    engine = new EngineProviderSearch(client, alias);
  });

  afterAll(async () => {
    await client?.deleteIndex(index);
    await client?.close();
    await sql?.close();
  });

  it('returns the same pages, totals and facets', async () => {
    await fc.assert(
      fc.asyncProperty(queryArbitrary, async (query) => {
        const [expected, actual] = await Promise.all([postgres.search(query), engine.search(query)]);

        expect(actual.total).toBe(expected.total);
        expect(actual.facets).toEqual(expected.facets);
        const withoutDistance = (result: typeof expected) => result.items.map(({ distanceKm: _distance, ...provider }) => provider);
        if (query.text !== undefined && query.sort === 'relevance') {
          // Only a result that fits on the page is the same set whatever the scores.
          if (expected.total <= query.pageSize) {
            expect(actual.items.map((item) => item.providerId).sort()).toEqual(expected.items.map((item) => item.providerId).sort());
          }
        } else {
          expect(withoutDistance(actual)).toEqual(withoutDistance(expected));
        }
        actual.items.forEach((item, position) => {
          if (item.distanceKm === null) expect(expected.items[position]?.distanceKm ?? null).toBeNull();
          else expect(item.distanceKm).toBeCloseTo(expected.items.find((other) => other.providerId === item.providerId)!.distanceKm!, 6);
        });
      }),
      { numRuns: 150 },
    );
  });
});

// Later pages of a text relevance search depend on the scores, so such a search is asked for page 1.
const queryArbitrary: fc.Arbitrary<ProviderSearchQuery> = fc
  .record(
    {
      text: fc.constantFrom('family medicine', 'pharmacie', 'santé mentale', 'midwife', 'Tremblay', 'nurse practitioner', 'imagerie', 'Chen family'),
      specialty: fc.constantFrom('family-medicine', 'minor-ailments', 'mental-health', 'diagnostic-imaging', 'laboratory', 'midwifery'),
      language: fc.constantFrom('en', 'fr', 'zh', 'pa', 'ar'),
      near: fc.record({
        lat: fc.double({ min: 42.5, max: 49.5, noNaN: true }),
        lng: fc.double({ min: -88, max: -76, noNaN: true }),
        radiusKm: fc.option(fc.constantFrom(5, 25, 100, 300), { nil: undefined }),
      }),
      available: fc.boolean(),
      ratingMin: fc.constantFrom(3, 4, 4.5),
      accessible: fc.boolean(),
      telemedicine: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .chain((filters) =>
    fc.record({
      sort: fc.constantFrom(...(['relevance', 'wait_time', 'rating', ...(filters.near ? (['distance'] as const) : [])] as const)),
      page: fc.integer({ min: 1, max: 3 }),
      pageSize: fc.constantFrom(5, 20, 100),
      facets: fc.boolean(),
    }).map((paging) => ({ ...filters, ...paging, near: filters.near && withoutUndefined(filters.near) }) as ProviderSearchQuery),
  )
  .filter((query) => !(query.text !== undefined && query.sort === 'relevance' && query.page > 1));

function withoutUndefined<Value extends object>(value: Value): Value {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Value;
}

// The demo generator's practitioners at the real facilities of the domain fixtures, with
// schedules and ratings, decided by the provider aggregate.
function generatedDirectory(): StoredEvent[] {
  const plans = generateDemoProviders(REAL_FACILITIES, {
    random: createSeededRandom(7),
    now: REGISTERED_AT,
    weekStartsOn: '2025-03-10',
    practitionersPerRole: { min: 5, max: 12 },
  }).providers;
  let position = 0n;
  return plans.flatMap((plan) => {
    let state = providerDecider.initialState();
    return plan.commands.flatMap((command) => {
      const decided = providerDecider.decide(state, command);
      state = decided.reduce(providerDecider.evolve, state);
      return decided.map((event) => {
        position += 1n;
        return {
          eventId: `generated-${position}`,
          type: event.type,
          schemaVersion: 1,
          data: event.data,
          streamId: `provider-${plan.providerId}`,
          streamVersion: 1n,
          globalPosition: position,
          recordedAt: new Date(REGISTERED_AT),
          correlationId: 'generated-directory',
          causationId: null,
          actor: { id: 'test-runner', role: 'system' },
        };
      });
    });
  });
}

function skipWithReason(name: string, body: () => void): void {
  // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
  describe.skip(`${name} (${searchEngineSkipReason('opensearch')})`, body);
}
