// The provider aggregate. It records who a provider is, where they work (their roles), the
// schedules they publish and their quality rating. A demo provider's schedules and ratings must
// be marked demo too, so generated data can never pass for a real clinic's.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type {
  AssignPractitionerRole,
  OpenSchedule,
  ProviderCommand,
  RateProviderQuality,
  RegisterProvider,
} from './provider-commands';
import type { ProviderEvent, ScheduleOpened } from './provider-events';
import type { AvailabilitySummary, PractitionerRole, Provider } from './provider-model';
import {
  assertCredentials,
  assertInsurance,
  assertLanguages,
  assertLocation,
  assertNonEmpty,
  assertProviderType,
  assertRating,
  assertScheduleSlots,
  parseInstant,
} from './provider-validation';
import { isSpecialty, SPECIALTIES } from './specialties';

export type ProviderState =
  | { status: 'unregistered' }
  | { status: 'registered'; provider: Provider; scheduleIds: readonly string[]; slotIds: ReadonlySet<string> };

type RegisteredState = Extract<ProviderState, { status: 'registered' }>;

export function decideProvider(state: ProviderState, command: ProviderCommand): ProviderEvent[] {
  switch (command.type) {
    case 'RegisterProvider':
      return registerProvider(state, command);
    case 'AssignPractitionerRole':
      return assignPractitionerRole(state, command);
    case 'OpenSchedule':
      return openSchedule(state, command);
    case 'RateProviderQuality':
      return rateProviderQuality(state, command);
    default:
      return assertNever(command, 'provider command');
  }
}

export function evolveProvider(state: ProviderState, event: ProviderEvent): ProviderState {
  switch (event.type) {
    case 'ProviderRegistered': {
      const { registeredAt, ...identity } = event.data;
      const provider: Provider = { ...identity, registeredAt, roles: [], quality: NO_RATING, availability: NO_AVAILABILITY };
      return { status: 'registered', provider, scheduleIds: [], slotIds: new Set() };
    }
    case 'PractitionerRoleAssigned': {
      const registered = requireRegisteredStream(state, event.type);
      const { providerId: _providerId, assignedAt: _assignedAt, ...role } = event.data;
      return withProvider(registered, { roles: [...registered.provider.roles, role] });
    }
    case 'ScheduleOpened': {
      const registered = requireRegisteredStream(state, event.type);
      const slotIds = new Set(registered.slotIds);
      event.data.slots.forEach((slot) => slotIds.add(slot.slotId));
      const availability = summarizeAvailability(registered.provider.availability, event.data);
      return { ...withProvider(registered, { availability }), scheduleIds: [...registered.scheduleIds, event.data.scheduleId], slotIds };
    }
    case 'ProviderQualityRated': {
      const registered = requireRegisteredStream(state, event.type);
      const { averageRating, reviewCount, source, ratedAt } = event.data;
      return withProvider(registered, { quality: { averageRating, reviewCount, source, ratedAt } });
    }
    default:
      return assertNever(event, 'provider event');
  }
}

export const providerDecider: Decider<ProviderState, ProviderCommand, ProviderEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  decide: decideProvider,
  evolve: evolveProvider,
};

export function providerStreamName(providerId: string): string {
  return `provider-${providerId}`;
}

const NO_RATING = { averageRating: null, reviewCount: 0, source: null, ratedAt: null };
const NO_AVAILABILITY: AvailabilitySummary = { scheduledSlotCount: 0, telemedicineSlotCount: 0, firstSlotStartsAt: null, lastSlotEndsAt: null };

function registerProvider(state: ProviderState, command: RegisterProvider): ProviderEvent[] {
  if (state.status !== 'unregistered') {
    throw new ConflictError(`provider ${command.providerId} is already registered; give a new provider its own id`);
  }
  assertProviderType(command.providerType);
  assertNonEmpty('name.given', command.name.given);
  assertNonEmpty('name.family', command.name.family);
  assertCredentials(command.providerType, command.credentials);
  assertLanguages(command.languages);
  parseInstant('now', command.now);

  const { providerId, providerType, name, credentials, languages, demo } = command;
  return [{ type: 'ProviderRegistered', data: { providerId, providerType, name, credentials, languages, demo, registeredAt: command.now } }];
}

function assignPractitionerRole(state: ProviderState, command: AssignPractitionerRole): ProviderEvent[] {
  const registered = requireRegistered(state, command.providerId);
  const { provider } = registered;
  if (provider.roles.some((role) => role.roleId === command.roleId)) {
    throw new ConflictError(`provider ${command.providerId} already has role ${command.roleId}; give the new role its own id`);
  }
  if (!isSpecialty(command.specialty)) {
    throw ValidationError.forField('specialty', `must be one of ${Object.keys(SPECIALTIES).join(', ')}; got ${JSON.stringify(command.specialty)}`);
  }
  const allowedTypes: readonly string[] = SPECIALTIES[command.specialty].providerTypes;
  if (!allowedTypes.includes(provider.providerType)) {
    throw ValidationError.forField('specialty', `a ${provider.providerType} cannot hold ${command.specialty}; it needs one of ${allowedTypes.join(', ')}`);
  }
  assertNonEmpty('location.facilityId', command.location.facilityId);
  assertLocation(command.location.lat, command.location.lng);
  assertInsurance(command.acceptedInsurance);
  parseInstant('now', command.now);

  const { providerId, roleId, specialty, location, acceptedInsurance, telemedicine, appointmentModel } = command;
  const data = { providerId, roleId, specialty, location, acceptedInsurance, telemedicine, appointmentModel, assignedAt: command.now };
  return [{ type: 'PractitionerRoleAssigned', data }];
}

function openSchedule(state: ProviderState, command: OpenSchedule): ProviderEvent[] {
  const registered = requireRegistered(state, command.providerId);
  assertDemoMatches(registered.provider, command.demo, 'schedule');
  if (registered.scheduleIds.includes(command.scheduleId)) {
    throw new ConflictError(`schedule ${command.scheduleId} is already open; give a new schedule its own id`);
  }
  const role = requireBookableRole(registered.provider, command.roleId);
  assertScheduleSlots(command.slots, role.telemedicine);
  const reused = command.slots.find((slot) => registered.slotIds.has(slot.slotId));
  if (reused) {
    throw new ConflictError(`slot ${reused.slotId} is already in an open schedule; give each slot its own id`);
  }
  parseInstant('now', command.now);

  const { providerId, scheduleId, roleId, slots, demo } = command;
  const { specialty, location } = role;
  const data = { providerId, scheduleId, roleId, specialty, facilityId: location.facilityId, slots, demo, openedAt: command.now };
  return [{ type: 'ScheduleOpened', data }];
}

function rateProviderQuality(state: ProviderState, command: RateProviderQuality): ProviderEvent[] {
  const registered = requireRegistered(state, command.providerId);
  assertDemoMatches(registered.provider, command.demo, 'rating');
  assertRating(command.averageRating, command.reviewCount);
  assertNonEmpty('source', command.source);
  parseInstant('now', command.now);

  const { providerId, averageRating, reviewCount, source, demo } = command;
  return [{ type: 'ProviderQualityRated', data: { providerId, averageRating, reviewCount, source, demo, ratedAt: command.now } }];
}

function requireRegistered(state: ProviderState, providerId: string): RegisteredState {
  if (state.status === 'unregistered') {
    throw new NotFoundError(`provider ${providerId} is not registered; register the provider first`);
  }
  return state;
}

function requireRegisteredStream(state: ProviderState, eventType: string): RegisteredState {
  if (state.status === 'unregistered') {
    throw new Error(`${eventType} applied to a provider stream without ProviderRegistered; the stream is corrupt`);
  }
  return state;
}

function requireBookableRole(provider: Provider, roleId: string): PractitionerRole {
  const role = provider.roles.find((candidate) => candidate.roleId === roleId);
  if (!role) {
    throw new NotFoundError(`provider ${provider.providerId} has no role ${roleId}; assign the role before opening its schedule`);
  }
  if (role.appointmentModel === 'walk-in') {
    throw new ConflictError(`role ${roleId} is walk-in (${role.specialty}), so it takes no booked slots`);
  }
  return role;
}

function assertDemoMatches(provider: Provider, demo: boolean, what: string): void {
  if (demo !== provider.demo) {
    const rule = provider.demo
      ? `must be true: provider ${provider.providerId} is demo data, so its ${what} is demo data too`
      : `must be false: provider ${provider.providerId} is real, so a demo ${what} cannot be attached to it`;
    throw ValidationError.forField('demo', rule);
  }
}

function withProvider(state: RegisteredState, changes: Partial<Provider>): RegisteredState {
  return { ...state, provider: { ...state.provider, ...changes } };
}

function summarizeAvailability(current: AvailabilitySummary, schedule: ScheduleOpened['data']): AvailabilitySummary {
  const starts = schedule.slots.map((slot) => slot.startsAt);
  const ends = schedule.slots.map((slot) => slot.endsAt);
  const earliest = (values: (string | null)[]) => pickBy(values, (a, b) => a < b);
  const latest = (values: (string | null)[]) => pickBy(values, (a, b) => a > b);

  return {
    scheduledSlotCount: current.scheduledSlotCount + schedule.slots.length,
    telemedicineSlotCount: current.telemedicineSlotCount + schedule.slots.filter((slot) => slot.mode === 'telemedicine').length,
    firstSlotStartsAt: earliest([current.firstSlotStartsAt, ...starts]),
    lastSlotEndsAt: latest([current.lastSlotEndsAt, ...ends]),
  };
}

// Instants are compared as epoch milliseconds, because ISO strings with different offsets do
// not sort as text.
function pickBy(values: (string | null)[], better: (a: number, b: number) => boolean): string | null {
  let chosen: string | null = null;
  for (const value of values) {
    if (value !== null && (chosen === null || better(Date.parse(value), Date.parse(chosen)))) {
      chosen = value;
    }
  }
  return chosen;
}
