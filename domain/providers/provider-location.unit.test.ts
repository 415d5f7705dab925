import fc from 'fast-check';

import { ConflictError, ValidationError } from '../shared/errors';
import { facilityToLocation } from './ontario-facilities';
import { providerLocationDecider, type ProviderLocationRegisteredData } from './provider-location';

const location = (overrides: Partial<ProviderLocationRegisteredData> = {}): ProviderLocationRegisteredData => ({
  locationId: 'on-moh-1',
  ministryId: '9000000000',
  serviceType: 'Hospital - Site',
  serviceDetail: null,
  name: { en: 'Ottawa Hospital - General Campus', fr: "L'Hôpital d'Ottawa - Campus Général" },
  address: { line1: '501 Smyth Road', line2: null, community: 'Ottawa', postalCode: 'K1H8L6' },
  coordinates: { lat: 45.4, lng: -75.65 },
  source: 'test',
  registeredAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('provider location aggregate', () => {
  it('registers a location once', () => {
    const events = providerLocationDecider.decide({ registered: false }, { type: 'RegisterProviderLocation', data: location() });

    expect(events).toEqual([{ type: 'ProviderLocationRegistered', data: location() }]);
    expect(() => providerLocationDecider.decide({ registered: true }, { type: 'RegisterProviderLocation', data: location() })).toThrow(ConflictError);
  });

  it('accepts exactly the coordinates on Earth', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -400, max: 400 }), fc.double({ noNaN: true, min: -400, max: 400 }), (lat, lng) => {
        const decide = () =>
          providerLocationDecider.decide({ registered: false }, { type: 'RegisterProviderLocation', data: location({ coordinates: { lat, lng } }) });
        const valid = lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
        if (valid) {
          expect(decide()).toHaveLength(1);
        } else {
          expect(decide).toThrow(ValidationError);
        }
      }),
    );
  });

  it('maps a ministry row onto a location', () => {
    const mapped = facilityToLocation(
      { X: '-79.369350379', Y: '43.649821285', FID: '1', MOH_PRO_ID: '9000000000', SERV_TYPE: 'AIDS Bureau', EN_NAME: '2-Spirited People of the 1st Nations', FR_NAME: ' ', ADDRESS_1: '145 Front Street East', ADDRESS_2: 'Unit 105', COMMUNITY: 'Toronto', POSTALCODE: 'M5A1E3' },
      '2026-01-01T00:00:00.000Z',
    );

    expect(mapped).toMatchObject({ location: { locationId: 'on-moh-1', name: { en: '2-Spirited People of the 1st Nations', fr: null }, coordinates: { lat: 43.649821285, lng: -79.369350379 } } });
  });

  it('skips a row without coordinates', () => {
    expect(facilityToLocation({ FID: '7', EN_NAME: 'Clinic', X: '', Y: '' }, '2026-01-01T00:00:00.000Z')).toEqual({ skipped: 'facility 7 has no coordinates' });
  });
});
