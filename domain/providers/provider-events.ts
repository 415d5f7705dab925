// Events of the provider stream, one stream per provider ("provider-<providerId>"). Providers'
// professional details are public registry data, not patient health information, so no field
// is PHI.

import type { DomainEvent, EventDefinition } from '../shared/events';
import type { Credential, PersonName, PractitionerRole, ProviderType } from './provider-model';

export interface ScheduledSlot {
  slotId: string;
  startsAt: string;
  endsAt: string;
  mode: 'in-person' | 'telemedicine';
}

export type ProviderRegistered = DomainEvent<
  'ProviderRegistered',
  {
    providerId: string;
    providerType: ProviderType;
    name: PersonName;
    credentials: Credential[];
    languages: string[];
    demo: boolean;
    registeredAt: string;
  }
>;

export type PractitionerRoleAssigned = DomainEvent<
  'PractitionerRoleAssigned',
  PractitionerRole & { providerId: string; assignedAt: string }
>;

/**
 * A published schedule. The scheduling context opens one slot stream per listed slot, carrying
 * the role's specialty and facility and the schedule's demo flag.
 */
export type ScheduleOpened = DomainEvent<
  'ScheduleOpened',
  {
    providerId: string;
    scheduleId: string;
    roleId: string;
    specialty: string;
    facilityId: string;
    slots: ScheduledSlot[];
    demo: boolean;
    openedAt: string;
  }
>;

export type ProviderQualityRated = DomainEvent<
  'ProviderQualityRated',
  { providerId: string; averageRating: number; reviewCount: number; source: string; demo: boolean; ratedAt: string }
>;

export type ProviderEvent = ProviderRegistered | PractitionerRoleAssigned | ScheduleOpened | ProviderQualityRated;

export const providerEventDefinitions: readonly EventDefinition<ProviderEvent['type']>[] = [
  { type: 'ProviderRegistered', schemaVersion: 1, phiFields: [] },
  { type: 'PractitionerRoleAssigned', schemaVersion: 1, phiFields: [] },
  { type: 'ScheduleOpened', schemaVersion: 1, phiFields: [] },
  { type: 'ProviderQualityRated', schemaVersion: 1, phiFields: [] },
];
