import * as scheduling from './index';

describe('scheduling public surface', () => {
  it('exports the deciders and processes', () => {
    expect(typeof scheduling.slotDecider.decide).toBe('function');
    expect(typeof scheduling.advanceReschedule).toBe('function');
    expect(typeof scheduling.backfillDecider.decide).toBe('function');
    expect(typeof scheduling.waitlistEntryDecider.decide).toBe('function');
    expect(typeof scheduling.findSlots).toBe('function');
    expect(typeof scheduling.erlangC).toBe('function');
    expect(typeof scheduling.planReminders).toBe('function');
  });

  it('lists a definition for every event type', () => {
    const types = [...scheduling.slotEventDefinitions, ...scheduling.waitlistEventDefinitions, ...scheduling.backfillEventDefinitions].map((definition) => definition.type);

    expect(new Set(types).size).toBe(types.length);
    expect(types).toHaveLength(7 + 3 + 8);
  });
});
