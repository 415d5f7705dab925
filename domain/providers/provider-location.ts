import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ValidationError, type FieldViolation } from '../shared/errors';
import type { DomainEvent, EventDefinition } from '../shared/events';

// A place where care is delivered: a hospital site, a clinic, a laboratory, a pharmacy. Locations
// carry no PHI. The Ontario Ministry of Health publishes them with bilingual names and WGS84
// coordinates; the product registers each one as its own stream.

export interface ProviderLocationRegisteredData {
  locationId: string;
  /** The Ministry of Health provider id, when the source has one. */
  ministryId: string | null;
  serviceType: string;
  serviceDetail: string | null;
  name: { en: string; fr: string | null };
  address: { line1: string; line2: string | null; community: string; postalCode: string | null };
  coordinates: { lat: number; lng: number };
  source: string;
  registeredAt: string;
}

export type ProviderLocationRegistered = DomainEvent<'ProviderLocationRegistered', ProviderLocationRegisteredData>;
export type ProviderLocationEvent = ProviderLocationRegistered;

export type ProviderLocationCommand = { type: 'RegisterProviderLocation'; data: ProviderLocationRegisteredData };

export const providerLocationEventDefinitions: EventDefinition<ProviderLocationEvent['type']>[] = [
  { type: 'ProviderLocationRegistered', schemaVersion: 1, phiFields: [] },
];

export const providerLocationStream = (locationId: string) => `provider-location-${locationId}`;

export interface ProviderLocationState {
  registered: boolean;
}

export const providerLocationDecider: Decider<ProviderLocationState, ProviderLocationCommand, ProviderLocationEvent> = {
  initialState: () => ({ registered: false }),

  decide(state, command) {
    switch (command.type) {
      case 'RegisterProviderLocation':
        if (state.registered) {
          throw new ConflictError(`provider location ${command.data.locationId} is already registered`);
        }
        validateLocation(command.data);
        return [{ type: 'ProviderLocationRegistered', data: command.data }];
      default:
        return assertNever(command.type, 'provider location command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProviderLocationRegistered':
        return { ...state, registered: true };
      default:
        return assertNever(event.type, 'provider location event');
    }
  },
};

export function validateLocation(data: ProviderLocationRegisteredData): void {
  const violations: FieldViolation[] = [];
  if (!/^[A-Za-z0-9\-_.]{1,64}$/.test(data.locationId)) {
    violations.push({ field: 'locationId', rule: 'must be 1 to 64 letters, digits, "-", "_" or "."' });
  }
  if (data.name.en.trim().length === 0) {
    violations.push({ field: 'name.en', rule: 'must not be empty' });
  }
  if (data.serviceType.trim().length === 0) {
    violations.push({ field: 'serviceType', rule: 'must not be empty' });
  }
  if (!(data.coordinates.lat >= -90 && data.coordinates.lat <= 90)) {
    violations.push({ field: 'coordinates.lat', rule: 'must be a latitude between -90 and 90' });
  }
  if (!(data.coordinates.lng >= -180 && data.coordinates.lng <= 180)) {
    violations.push({ field: 'coordinates.lng', rule: 'must be a longitude between -180 and 180' });
  }
  if (violations.length > 0) {
    throw new ValidationError(`provider location ${data.locationId} is invalid`, violations);
  }
}
