import fc from 'fast-check';

import { ValidationError } from '../shared/errors';
import { ARRIVAL_MARGIN_MINUTES, chooseTransportMode, estimateTransportCost, MODE_RATES, planPickup, TRANSPORT_MODES, type TransportNeeds } from './transport';

const ROUTINE: TransportNeeds = { acuity: 'routine', mobility: 'independent', distanceKm: 8, hasOwnTransport: false, transitAvailable: true };

describe('chooseTransportMode', () => {
  it.each<[string, Partial<TransportNeeds>, string]>([
    ['critical acuity', { acuity: 'critical', mobility: 'wheelchair' }, 'ambulance'],
    ['stretcher', { mobility: 'stretcher' }, 'non-urgent-transfer'],
    ['wheelchair', { mobility: 'wheelchair', hasOwnTransport: true }, 'accessible-vehicle'],
    ['needs help', { mobility: 'needs-assistance' }, 'assisted-ride'],
    ['own car', { hasOwnTransport: true }, 'self'],
    ['routine on transit', {}, 'public-transit'],
    ['too far for transit', { distanceKm: 25 }, 'standard-ride'],
    ['urgent', { acuity: 'urgent' }, 'standard-ride'],
    ['no transit route', { transitAvailable: false }, 'standard-ride'],
  ])('picks the mode for %s', (_case, change, mode) => {
    expect(chooseTransportMode({ ...ROUTINE, ...change }).mode).toBe(mode);
  });

  it('never sends a critical patient by anything but ambulance', () => {
    const needs = fc.record<TransportNeeds>({
      acuity: fc.constantFrom('critical' as const, 'urgent' as const, 'routine' as const),
      mobility: fc.constantFrom('independent' as const, 'needs-assistance' as const, 'wheelchair' as const, 'stretcher' as const),
      distanceKm: fc.double({ min: 0, max: 200, noNaN: true }),
      hasOwnTransport: fc.boolean(),
      transitAvailable: fc.boolean(),
    });

    fc.assert(
      fc.property(needs, (input) => {
        const { mode } = chooseTransportMode(input);

        expect(mode === 'ambulance').toBe(input.acuity === 'critical');
        if (input.mobility === 'wheelchair' && input.acuity !== 'critical') {
          expect(mode).toBe('accessible-vehicle');
        }
        if (mode === 'public-transit') {
          expect(input.mobility).toBe('independent');
          expect(input.acuity).toBe('routine');
        }
      }),
    );
  });
});

describe('estimateTransportCost', () => {
  it('prices a 10 km taxi ride on the Toronto meter', () => {
    expect(estimateTransportCost('standard-ride', 10)).toMatchObject({ amountCad: 21.75 });
  });

  it('prices the ambulance at the provincial average trip cost', () => {
    expect(estimateTransportCost('ambulance', 30).amountCad).toBe(240);
  });

  it('grows with distance for every mode', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRANSPORT_MODES), fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (mode, a, b) => {
        const [near, far] = a <= b ? [a, b] : [b, a];

        expect(estimateTransportCost(mode, near).amountCad).toBeLessThanOrEqual(estimateTransportCost(mode, far).amountCad);
      }),
    );
  });

  it('rejects a negative distance', () => {
    expect(() => estimateTransportCost('self', -1)).toThrow(ValidationError);
  });
});

describe('planPickup', () => {
  it('subtracts travel, handling and the margin', () => {
    const plan = planPickup('accessible-vehicle', 14, '2025-03-10T14:00:00.000Z');

    expect(plan.travelMinutes).toBe(24 + 10);
    expect(plan.pickupAt).toBe('2025-03-10T13:11:00.000Z');
  });

  it('always leaves at least the margin before the appointment', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRANSPORT_MODES), fc.double({ min: 0, max: 300, noNaN: true }), (mode, km) => {
        const appointmentAt = '2025-03-10T14:00:00.000Z';
        const plan = planPickup(mode, km, appointmentAt);
        const driveMinutes = (km / MODE_RATES[mode].speedKmh) * 60;
        const slackMinutes = (Date.parse(appointmentAt) - Date.parse(plan.pickupAt)) / 60_000;

        expect(slackMinutes).toBeGreaterThanOrEqual(driveMinutes + ARRIVAL_MARGIN_MINUTES);
      }),
    );
  });
});
