import fc from 'fast-check';

import { createSeededRandom, FACILITY_STAFFING, type FacilityLocation } from '../../domain/providers';
import { REAL_FACILITIES } from '../../domain/providers/provider.fixtures';
import { interleaveByServiceType, mondayOnOrAfter, planDemoDirectory } from './demo-directory-plan';

const NOW = '2025-03-05T15:00:00.000Z';

// Forty copies of the real fixture facilities, so every service type has many members.
const MANY_FACILITIES: FacilityLocation[] = Array.from({ length: 40 }, (_, copy) =>
  REAL_FACILITIES.map((facility) => ({ ...facility, facilityId: `${facility.facilityId}-${copy}` })),
).flat();

function planAll(facilities: readonly FacilityLocation[], maxProviders: number, seed = 7) {
  return [...planDemoDirectory(facilities, { now: NOW, maxProviders, seed })].flat();
}

describe('demo directory plan', () => {
  it('stops at the provider limit', () => {
    expect(planAll(MANY_FACILITIES, 100)).toHaveLength(100);
  });

  it('gives the same plan for the same seed', () => {
    expect(planAll(MANY_FACILITIES, 60)).toEqual(planAll(MANY_FACILITIES, 60));
  });

  it('gives another plan for another seed', () => {
    const ids = (seed: number) => planAll(MANY_FACILITIES, 60, seed).map((plan) => plan.providerId);

    expect(ids(1)).not.toEqual(ids(2));
  });

  it('marks every planned command as demo data', () => {
    for (const plan of planAll(MANY_FACILITIES, 50)) {
      for (const command of plan.commands) {
        if ('demo' in command) expect(command.demo).toBe(true);
      }
    }
  });

  it('covers every bookable service type within the first round', () => {
    const bookableTypes = new Set(REAL_FACILITIES.filter((facility) => FACILITY_STAFFING[facility.serviceType]).map((facility) => facility.serviceType));

    const firstRound = interleaveByServiceType(MANY_FACILITIES, createSeededRandom(3)).slice(0, bookableTypes.size);

    expect(new Set(firstRound.map((facility) => facility.serviceType))).toEqual(bookableTypes);
  });

  it('leaves out facilities without bookable care', () => {
    const interleaved = interleaveByServiceType(MANY_FACILITIES, createSeededRandom(3));

    expect(interleaved.every((facility) => FACILITY_STAFFING[facility.serviceType])).toBe(true);
    expect(interleaved).toHaveLength(MANY_FACILITIES.filter((facility) => FACILITY_STAFFING[facility.serviceType]).length);
  });

  it('does not depend on the order facilities arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...REAL_FACILITIES], { minLength: REAL_FACILITIES.length }), (shuffled) => {
        expect(interleaveByServiceType(shuffled, createSeededRandom(9))).toEqual(interleaveByServiceType(REAL_FACILITIES, createSeededRandom(9)));
      }),
    );
  });

  it('starts schedules on the Monday on or after a date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10);
        const monday = mondayOnOrAfter(day);
        const gapDays = (Date.parse(monday) - Date.parse(day)) / 86_400_000;

        expect(new Date(`${monday}T12:00:00Z`).getUTCDay()).toBe(1);
        expect(gapDays).toBeGreaterThanOrEqual(0);
        expect(gapDays).toBeLessThan(7);
      }),
    );
  });
});
