// Checks on provider command fields. Each throws a ValidationError naming the field and rule.

import { ValidationError } from '../shared/errors';
import { INSURANCE_PLANS, PROVIDER_TYPES, REGULATOR_BY_TYPE, type Credential, type ProviderType } from './provider-model';
import type { ScheduledSlot } from './provider-events';

const ISO_639_1 = /^[a-z]{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// A week of 10-minute slots over long clinic days stays under 500; 2,000 leaves room for a
// month while keeping one event well under the store's size limits.
export const MAX_SLOTS_PER_SCHEDULE = 2000;

export function parseInstant(field: string, value: string): number {
  const millis = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(millis)) {
    throw ValidationError.forField(field, `must be an ISO 8601 instant with a time and an offset; got ${JSON.stringify(value)}`);
  }
  return millis;
}

export function assertNonEmpty(field: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw ValidationError.forField(field, 'must not be empty');
  }
}

export function assertProviderType(value: string): asserts value is ProviderType {
  if (!(PROVIDER_TYPES as readonly string[]).includes(value)) {
    throw ValidationError.forField('providerType', `must be one of ${PROVIDER_TYPES.join(', ')}; got ${JSON.stringify(value)}`);
  }
}

export function assertCredentials(providerType: ProviderType, credentials: readonly Credential[]): void {
  const expected = REGULATOR_BY_TYPE[providerType];
  if (!credentials.some((credential) => credential.regulator === expected.regulator)) {
    throw ValidationError.forField('credentials', `a ${providerType} needs a registration with ${expected.regulator}`);
  }
  credentials.forEach((credential, index) => assertNonEmpty(`credentials[${index}].registrationNumber`, credential.registrationNumber));
}

export function assertLanguages(languages: readonly string[]): void {
  if (languages.length === 0) {
    throw ValidationError.forField('languages', 'must list at least one language');
  }
  languages.forEach((language, index) => {
    if (!ISO_639_1.test(language)) {
      throw ValidationError.forField(`languages[${index}]`, `must be a two-letter ISO 639-1 code such as en or fr; got ${JSON.stringify(language)}`);
    }
  });
}

export function assertLocation(lat: number, lng: number): void {
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw ValidationError.forField('location.lat', `must be a latitude between -90 and 90 degrees; got ${lat}`);
  }
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) {
    throw ValidationError.forField('location.lng', `must be a longitude between -180 and 180 degrees; got ${lng}`);
  }
}

export function assertInsurance(plans: readonly string[]): void {
  if (plans.length === 0) {
    throw ValidationError.forField('acceptedInsurance', `must list at least one of ${INSURANCE_PLANS.join(', ')}`);
  }
  plans.forEach((plan, index) => {
    if (!(INSURANCE_PLANS as readonly string[]).includes(plan)) {
      throw ValidationError.forField(`acceptedInsurance[${index}]`, `must be one of ${INSURANCE_PLANS.join(', ')}; got ${JSON.stringify(plan)}`);
    }
  });
}

/** Checks each slot's times and that no two slots of the schedule overlap. */
export function assertScheduleSlots(slots: readonly ScheduledSlot[], telemedicineAllowed: boolean): void {
  if (slots.length === 0 || slots.length > MAX_SLOTS_PER_SCHEDULE) {
    throw ValidationError.forField('slots', `must list from 1 to ${MAX_SLOTS_PER_SCHEDULE} slots; got ${slots.length}`);
  }

  const intervals = slots.map((slot, index) => {
    const startsAt = parseInstant(`slots[${index}].startsAt`, slot.startsAt);
    const endsAt = parseInstant(`slots[${index}].endsAt`, slot.endsAt);
    if (endsAt <= startsAt) {
      throw ValidationError.forField(`slots[${index}].endsAt`, `must be after startsAt (${slot.startsAt}); got ${slot.endsAt}`);
    }
    if (slot.mode === 'telemedicine' && !telemedicineAllowed) {
      throw ValidationError.forField(`slots[${index}].mode`, 'the role does not offer telemedicine; offer the slot in person');
    }
    return { index, startsAt, endsAt, slotId: slot.slotId };
  });

  const sorted = [...intervals].sort((a, b) => a.startsAt - b.startsAt);
  for (let position = 1; position < sorted.length; position++) {
    const previous = sorted[position - 1]!;
    const current = sorted[position]!;
    if (current.startsAt < previous.endsAt) {
      throw ValidationError.forField(`slots[${current.index}].startsAt`, `overlaps slot ${previous.slotId}; one provider sees one patient at a time`);
    }
  }
}

export function assertRating(averageRating: number, reviewCount: number): void {
  if (typeof averageRating !== 'number' || !Number.isFinite(averageRating) || averageRating < 1 || averageRating > 5) {
    throw ValidationError.forField('averageRating', `must be between 1 and 5 stars; got ${averageRating}`);
  }
  if (!Number.isInteger(reviewCount) || reviewCount < 1) {
    throw ValidationError.forField('reviewCount', `must be a whole number of 1 or more; got ${reviewCount}`);
  }
}
