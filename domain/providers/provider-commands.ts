// Commands the provider aggregate decides. Each carries the instant it happens at as `now`.

import type { Credential, PersonName, PractitionerRole, ProviderType } from './provider-model';
import type { ScheduledSlot } from './provider-events';

export interface RegisterProvider {
  type: 'RegisterProvider';
  providerId: string;
  providerType: ProviderType;
  name: PersonName;
  credentials: Credential[];
  languages: string[];
  demo: boolean;
  now: string;
}

export interface AssignPractitionerRole extends PractitionerRole {
  type: 'AssignPractitionerRole';
  providerId: string;
  now: string;
}

export interface OpenSchedule {
  type: 'OpenSchedule';
  providerId: string;
  scheduleId: string;
  roleId: string;
  slots: ScheduledSlot[];
  demo: boolean;
  now: string;
}

export interface RateProviderQuality {
  type: 'RateProviderQuality';
  providerId: string;
  averageRating: number;
  reviewCount: number;
  source: string;
  demo: boolean;
  now: string;
}

export type ProviderCommand = RegisterProvider | AssignPractitionerRole | OpenSchedule | RateProviderQuality;
