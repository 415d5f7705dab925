// The providers context's public surface: the provider data model and aggregate, the specialty
// catalogue, and the seeded demo generator for real Ontario facility locations.

export * from './provider-model';
export * from './provider-events';
export type * from './provider-commands';
export { decideProvider, evolveProvider, providerDecider, providerStreamName, type ProviderState } from './provider';
export { MAX_SLOTS_PER_SCHEDULE } from './provider-validation';
export * from './specialties';
export * from './demo-generator';
export { generateDemoSchedules, type DemoScheduleRequest } from './demo-schedule';
export { createSeededRandom, integerBetween, pickOne, pickWeighted, type RandomSource } from './seeded-random';
export { addCalendarDays, ontarioLocalTimeToUtc } from './ontario-time';
