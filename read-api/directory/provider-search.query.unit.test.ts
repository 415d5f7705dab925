import fc from 'fast-check';

import { ValidationError } from '../../domain/shared/errors';
import { MAX_RADIUS_KM, providerSearchQuerySchema, toProviderSearchQuery } from './provider-search.query';

// Query strings arrive as strings, so the tests feed strings through the schema first.
function parse(query: Record<string, string>) {
  return toProviderSearchQuery(providerSearchQuerySchema.parse(query));
}

function violationsOf(query: Record<string, string>): { field: string; rule: string }[] {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof ValidationError) return error.violations;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('provider search query', () => {
  it('defaults to relevance, page 1, no facets', () => {
    expect(parse({})).toEqual({ sort: 'relevance', page: 1, pageSize: 20, facets: false });
  });

  it('maps every parameter to the search', () => {
    const query = parse({
      q: ' family doctor ',
      specialty: 'family-medicine',
      lat: '45.42',
      lng: '-75.69',
      radius_km: '25',
      available: 'true',
      rating_min: '4',
      language: 'fr',
      accessible: 'false',
      telemedicine: 'true',
      sort: 'distance',
      page: '2',
      pageSize: '50',
      facets: 'true',
    });

    expect(query).toEqual({
      text: 'family doctor',
      specialty: 'family-medicine',
      near: { lat: 45.42, lng: -75.69, radiusKm: 25 },
      available: true,
      ratingMin: 4,
      language: 'fr',
      accessible: false,
      telemedicine: true,
      sort: 'distance',
      page: 2,
      pageSize: 50,
      facets: true,
    });
  });

  it('sorts by distance without a radius', () => {
    expect(parse({ lat: '45', lng: '-75', sort: 'distance' }).near).toEqual({ lat: 45, lng: -75 });
  });

  it('reports every broken rule at once', () => {
    const violations = violationsOf({ lat: '95', lng: '200', radius_km: '900', rating_min: '7' });

    expect(violations.map((violation) => violation.field).sort()).toEqual(['lat', 'lng', 'radius_km', 'rating_min']);
  });

  it('rejects a word where a number goes with a schema error', () => {
    const result = providerSearchQuerySchema.safeParse({ lat: 'north', lng: '-75' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['lat'], message: 'must be a decimal number' });
  });

  it('accepts any coordinates on the globe and any radius up to the maximum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 0.001, max: MAX_RADIUS_KM, noNaN: true }),
        (lat, lng, radiusKm) => {
          const query = parse({ lat: lat.toFixed(6), lng: lng.toFixed(6), radius_km: radiusKm.toFixed(3) });

          expect(query.near).toEqual({ lat: Number(lat.toFixed(6)), lng: Number(lng.toFixed(6)), radiusKm: Number(radiusKm.toFixed(3)) });
        },
      ),
    );
  });

  it('rejects any latitude off the globe naming lat', () => {
    const offGlobe = fc.oneof(fc.double({ min: 90.001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -90.001, noNaN: true }));

    fc.assert(
      fc.property(offGlobe, (lat) => {
        expect(violationsOf({ lat: lat.toFixed(3), lng: '0' })).toEqual([{ field: 'lat', rule: expect.stringContaining('from -90 to 90 degrees') }]);
      }),
    );
  });

  it('rejects any radius over the maximum naming radius_km', () => {
    fc.assert(
      fc.property(fc.double({ min: MAX_RADIUS_KM + 0.01, max: 1e6, noNaN: true }), (radius) => {
        expect(violationsOf({ lat: '45', lng: '-75', radius_km: radius.toFixed(2) })).toEqual([
          { field: 'radius_km', rule: expect.stringContaining(`at most ${MAX_RADIUS_KM} km`) },
        ]);
      }),
    );
  });
});
