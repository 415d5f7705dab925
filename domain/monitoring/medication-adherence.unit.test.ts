import fc from 'fast-check';

import { adherenceSeries, medicationAdherence, type DoseRecord } from './medication-adherence';

function dose(day: number, taken: boolean): DoseRecord {
  return { doseId: `d${day}`, medication: 'metformin', scheduledFor: new Date(Date.UTC(2025, 2, day, 8)).toISOString(), taken };
}

describe('medicationAdherence', () => {
  it('counts doses by scheduled time within the window', () => {
    const doses = [dose(1, true), dose(2, false), dose(3, true), dose(4, true), dose(9, false)];

    expect(medicationAdherence(doses, '2025-03-01T08:00:00.000Z', '2025-03-08T08:00:00.000Z')).toEqual({
      confirmed: 2,
      missed: 1,
      percentage: 67,
    });
  });

  it('is null without scheduled doses', () => {
    expect(medicationAdherence([], '2025-03-01T00:00:00Z', '2025-03-08T00:00:00Z').percentage).toBeNull();
  });

  it('matches confirmed over scheduled for any set of doses', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ day: fc.integer({ min: 1, max: 31 }), taken: fc.boolean() }), { selector: (d) => d.day }), (picks) => {
        const doses = picks.map(({ day, taken }) => dose(day, taken));
        const result = medicationAdherence(doses, '2025-02-28T00:00:00.000Z', '2025-03-31T23:00:00.000Z');
        const taken = picks.filter((pick) => pick.taken).length;

        expect(result.confirmed + result.missed).toBe(picks.length);
        expect(result.percentage).toBe(picks.length === 0 ? null : Math.round((100 * taken) / picks.length));
      }),
    );
  });
});

describe('adherenceSeries', () => {
  it('samples the trailing seven days at each dose', () => {
    const doses = [dose(1, true), dose(2, false), dose(9, false), dose(10, true)];

    expect(adherenceSeries(doses).map((sample) => sample.value)).toEqual([100, 50, 0, 50]);
  });
});
