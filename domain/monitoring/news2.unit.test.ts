import fc from 'fast-check';

import { ValidationError } from '../shared/errors';
import {
  scoreNews2,
  scorePulse,
  scoreRespirationRate,
  scoreSpo2Scale1,
  scoreSpo2Scale2,
  scoreSystolicBp,
  scoreTemperature,
  type VitalSigns,
} from './news2';

// Chart 1 of NEWS2 (Royal College of Physicians, 2017), one entry per cell, read left to right.
// Each cell is [lowest value, highest value, score], inclusive; temperature cells are in tenths of
// a degree so that every bound is a whole number.
type Cell = [low: number, high: number, score: number];

const RESPIRATION_RATE: Cell[] = [
  [0, 8, 3],
  [9, 11, 1],
  [12, 20, 0],
  [21, 24, 2],
  [25, 80, 3],
];
const SPO2_SCALE_1: Cell[] = [
  [0, 91, 3],
  [92, 93, 2],
  [94, 95, 1],
  [96, 100, 0],
];
const SPO2_SCALE_2_ON_AIR: Cell[] = [
  [0, 83, 3],
  [84, 85, 2],
  [86, 87, 1],
  [88, 92, 0],
  [93, 100, 0],
];
const SPO2_SCALE_2_ON_OXYGEN: Cell[] = [
  [0, 83, 3],
  [84, 85, 2],
  [86, 87, 1],
  [88, 92, 0],
  [93, 94, 1],
  [95, 96, 2],
  [97, 100, 3],
];
const SYSTOLIC_BP: Cell[] = [
  [0, 90, 3],
  [91, 100, 2],
  [101, 110, 1],
  [111, 219, 0],
  [220, 300, 3],
];
const PULSE: Cell[] = [
  [0, 40, 3],
  [41, 50, 1],
  [51, 90, 0],
  [91, 110, 1],
  [111, 130, 2],
  [131, 300, 3],
];
const TEMPERATURE_TENTHS: Cell[] = [
  [250, 350, 3],
  [351, 360, 1],
  [361, 380, 0],
  [381, 390, 1],
  [391, 450, 2],
];

function cellScore(cells: Cell[], value: number): number {
  const matching = cells.filter(([low, high]) => value >= low && value <= high);
  if (matching.length !== 1) {
    throw new Error(`the transcribed table has ${matching.length} cells for ${value}`);
  }
  return matching[0]![2];
}

function boundaries(cells: Cell[]): number[] {
  return cells.flatMap(([low, high]) => [low, high]);
}

const TABLES: Array<[string, Cell[], (value: number) => number]> = [
  ['respiration rate', RESPIRATION_RATE, scoreRespirationRate],
  ['SpO2 scale 1', SPO2_SCALE_1, scoreSpo2Scale1],
  ['SpO2 scale 2 on air', SPO2_SCALE_2_ON_AIR, (value) => scoreSpo2Scale2(value, false)],
  ['SpO2 scale 2 on oxygen', SPO2_SCALE_2_ON_OXYGEN, (value) => scoreSpo2Scale2(value, true)],
  ['systolic blood pressure', SYSTOLIC_BP, scoreSystolicBp],
  ['pulse', PULSE, scorePulse],
  ['temperature', TEMPERATURE_TENTHS, (tenths) => scoreTemperature(tenths / 10)],
];

describe('NEWS2 sub-scores against the published chart', () => {
  describe.each(TABLES)('%s', (_name, cells, score) => {
    it('matches every cell boundary', () => {
      for (const value of boundaries(cells)) {
        expect([value, score(value)]).toEqual([value, cellScore(cells, value)]);
      }
    });

    it('matches the chart for any value in range', () => {
      const lowest = cells[0]![0];
      const highest = cells[cells.length - 1]![1];
      fc.assert(
        fc.property(fc.integer({ min: lowest, max: highest }), (value) => {
          expect(score(value)).toBe(cellScore(cells, value));
        }),
      );
    });
  });

  it('rounds temperature to one decimal before scoring', () => {
    expect(scoreTemperature(36.04)).toBe(1);
    expect(scoreTemperature(36.06)).toBe(0);
    expect(scoreTemperature(39.04)).toBe(1);
  });
});

const HEALTHY: VitalSigns = {
  respirationRate: 16,
  spo2: 98,
  spo2Scale: 1,
  onOxygen: false,
  systolicBp: 125,
  pulse: 72,
  consciousness: 'alert',
  temperatureC: 36.8,
};

describe('scoreNews2 worked examples', () => {
  it('scores a healthy adult 0, low risk, 12-hourly', () => {
    const result = scoreNews2(HEALTHY);

    expect(result.total).toBe(0);
    expect(result.band).toBe('low');
    expect(result.response.minimumMonitoring).toBe('12-hourly');
  });

  it('scores 5 from several mild changes as medium', () => {
    const result = scoreNews2({ ...HEALTHY, respirationRate: 22, spo2: 95, systolicBp: 105, pulse: 95, temperatureC: 37.2 });

    expect(result.subScores).toEqual({
      respirationRate: 2,
      spo2: 1,
      airOrOxygen: 0,
      systolicBp: 1,
      pulse: 1,
      consciousness: 0,
      temperature: 0,
    });
    expect(result.total).toBe(5);
    expect(result.band).toBe('medium');
    expect(result.response.minimumMonitoring).toBe('hourly');
  });

  it('scores new confusion alone as a red score, low-medium', () => {
    const result = scoreNews2({ ...HEALTHY, consciousness: 'new-confusion' });

    expect(result.total).toBe(3);
    expect(result.redScore).toBe(true);
    expect(result.band).toBe('low-medium');
  });

  it('keeps low-medium for a total of 4 that includes a 3', () => {
    const result = scoreNews2({ ...HEALTHY, respirationRate: 8, pulse: 45 });

    expect(result.total).toBe(4);
    expect(result.band).toBe('low-medium');
  });

  it('scores 1 to 4 without a red score as low, 4-6 hourly', () => {
    const result = scoreNews2({ ...HEALTHY, pulse: 100, temperatureC: 38.5 });

    expect(result.total).toBe(2);
    expect(result.band).toBe('low');
    expect(result.response.minimumMonitoring).toBe('4-6-hourly');
  });

  it('scores a septic picture as high, continuous monitoring', () => {
    const result = scoreNews2({
      respirationRate: 26,
      spo2: 91,
      spo2Scale: 1,
      onOxygen: true,
      systolicBp: 88,
      pulse: 125,
      consciousness: 'voice',
      temperatureC: 39.4,
    });

    expect(result.total).toBe(18);
    expect(result.band).toBe('high');
    expect(result.response.minimumMonitoring).toBe('continuous');
  });

  it('scores over-oxygenation on scale 2 but not on scale 1', () => {
    const copd = { ...HEALTHY, spo2: 97, onOxygen: true, systolicBp: 140, pulse: 80, temperatureC: 37 };

    expect(scoreNews2({ ...copd, spo2Scale: 2 }).total).toBe(5);
    expect(scoreNews2({ ...copd, spo2Scale: 1 }).total).toBe(2);
    expect(scoreNews2({ ...copd, spo2Scale: 2, onOxygen: false, spo2: 95 }).total).toBe(0);
  });
});

describe('scoreNews2 bands', () => {
  it('bands any combination by total, then red score', () => {
    const vitals = fc.record<VitalSigns>({
      respirationRate: fc.integer({ min: 0, max: 80 }),
      spo2: fc.integer({ min: 0, max: 100 }),
      spo2Scale: fc.constantFrom(1 as const, 2 as const),
      onOxygen: fc.boolean(),
      systolicBp: fc.integer({ min: 0, max: 300 }),
      pulse: fc.integer({ min: 0, max: 300 }),
      consciousness: fc.constantFrom('alert' as const, 'new-confusion' as const, 'voice' as const, 'pain' as const, 'unresponsive' as const),
      temperatureC: fc.integer({ min: 250, max: 450 }).map((tenths) => tenths / 10),
    });

    fc.assert(
      fc.property(vitals, (reading) => {
        const result = scoreNews2(reading);
        const parts = Object.values(result.subScores);
        const expected = result.total >= 7 ? 'high' : result.total >= 5 ? 'medium' : parts.includes(3) ? 'low-medium' : 'low';

        expect(result.total).toBe(parts.reduce((sum, part) => sum + part, 0));
        expect(result.total).toBeLessThanOrEqual(20);
        expect(result.band).toBe(expected);
      }),
    );
  });
});

describe('scoreNews2 input checks', () => {
  it.each([
    ['respirationRate', { respirationRate: 16.5 }],
    ['spo2', { spo2: 101 }],
    ['pulse', { pulse: -1 }],
    ['temperatureC', { temperatureC: Number.NaN }],
  ])('rejects an invalid %s', (field, change) => {
    const attempt = () => scoreNews2({ ...HEALTHY, ...change });

    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(new RegExp(`^${field}: must be`));
  });
});
