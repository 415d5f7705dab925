import fc from 'fast-check';

import { EventRegistry, upcast, type EventDefinition } from './events';

describe('event upcasting', () => {
  const definition: EventDefinition = {
    type: 'VitalSignsRecorded',
    schemaVersion: 3,
    phiFields: ['heartRate'],
    upcasters: {
      1: (data) => ({ ...(data as object), unit: 'bpm' }),
      2: (data) => {
        const { pulse, ...rest } = data as { pulse: number };
        return { ...rest, heartRate: pulse };
      },
    },
  };

  it('brings version 1 data to the current version', () => {
    expect(upcast(definition, 1, { pulse: 80 })).toEqual({ unit: 'bpm', heartRate: 80 });
  });

  it('leaves current data alone', () => {
    expect(upcast(definition, 3, { heartRate: 80, unit: 'bpm' })).toEqual({ heartRate: 80, unit: 'bpm' });
  });

  it('refuses data from a newer build', () => {
    expect(() => upcast(definition, 4, {})).toThrow(/newer than this build/);
  });

  it('gives the same result whichever stored version a value starts from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (pulse) => {
        const fromOne = upcast(definition, 1, { pulse });
        const fromTwo = upcast(definition, 2, { pulse, unit: 'bpm' });
        expect(fromOne).toEqual(fromTwo);
      }),
    );
  });

  it('refuses two definitions of one type', () => {
    const registry = new EventRegistry().register(definition);

    expect(() => registry.register({ ...definition })).toThrow(/defined twice/);
  });
});
