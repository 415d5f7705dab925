// Typed fixtures for provider tests. The facilities are real rows of the Ontario Ministry of
// Health service provider locations (FID as the facility id, coordinates rounded to 5 decimals).

import { foldEvents } from '../shared/decider';
import type { FacilityLocation } from './demo-generator';
import type { AssignPractitionerRole, OpenSchedule, ProviderCommand, RegisterProvider } from './provider-commands';
import type { ProviderEvent } from './provider-events';
import { providerDecider } from './provider';

export const NOW = '2025-03-03T14:00:00.000Z';

export const REAL_FACILITIES: readonly FacilityLocation[] = [
  { facilityId: '1', name: '2-Spirited People of the 1st Nations', serviceType: 'AIDS Bureau', lat: 43.64982, lng: -79.36935, community: 'Toronto' },
  { facilityId: '145', name: 'Centre Francophone de Toronto', serviceType: 'Community Health Centre', lat: 43.66145, lng: -79.38431, community: 'Toronto' },
  { facilityId: '220', name: 'The Social Service Bureau of Sarnia-Lambton Incorporated', serviceType: 'Community Support Service', lat: 42.97647, lng: -82.34128, community: 'Sarnia' },
  { facilityId: '501', name: 'Danforth/Main X-Ray Ultrasound & Mammography Clinic', serviceType: 'Independent Health Facility', lat: 43.68804, lng: -79.30327, community: 'Toronto' },
  { facilityId: '1003', name: 'Madawaska Valley Family Health Team', serviceType: 'Family Health Team - Contract', lat: 45.48228, lng: -77.69468, community: "Barry's Bay" },
  { facilityId: '1018', name: 'Bluewater Health - Petrolia', serviceType: 'Hospital - Site', lat: 42.87833, lng: -82.14799, community: 'Petrolia' },
  { facilityId: '1649', name: 'LifeLabs LP', serviceType: 'Laboratory - Specimen Collection Centre', lat: 43.97683, lng: -78.19425, community: 'Cobourg' },
  { facilityId: '2298', name: "One Kid's Place Childen's Medical Treatment Centre of North East Ont", serviceType: "Children's Treatment Centre", lat: 46.33395, lng: -79.46466, community: 'North Bay' },
  { facilityId: '2501', name: 'Ontario Federation of Indigenous Friendship Centres', serviceType: 'Mental Health and Addiction Organization', lat: 49.77592, lng: -86.53846, community: 'Longlac' },
  { facilityId: '3001', name: 'Extendicare York', serviceType: 'Long-Term Care Home', lat: 46.47514, lng: -81.00771, community: 'Greater Sudbury' },
  { facilityId: '4595', name: 'Caring Hands Midwifery Services', serviceType: 'Midwifery Clinic', lat: 44.15406, lng: -79.86792, community: 'New Tecumseth' },
  { facilityId: '4713', name: 'Algoma Nurse Practitioner-Led Clinic', serviceType: 'Nurse Practitioner Led Clinic', lat: 46.53384, lng: -84.30919, community: 'Sault Ste. Marie' },
  { facilityId: '4738', name: 'Armstrong Medical Clinic', serviceType: 'Nursing Station', lat: 50.3036, lng: -89.03741, community: 'Armstrong Station' },
  { facilityId: '4756', name: 'Richpoint Pharmacy', serviceType: 'Pharmacy', lat: 43.89162, lng: -79.44121, community: 'Richmond Hill' },
  { facilityId: '11103', name: 'Algoma Public Health Unit', serviceType: 'Public Health Unit Office', lat: 46.53238, lng: -84.31484, community: 'Sault Ste. Marie' },
];

export function registerProvider(overrides: Partial<RegisterProvider> = {}): RegisterProvider {
  return {
    type: 'RegisterProvider',
    providerId: 'provider-1',
    providerType: 'nurse-practitioner',
    name: { given: 'Nadia', family: 'Roy' },
    credentials: [{ designation: 'NP', regulator: 'CNO', registrationNumber: 'DEMO-000001' }],
    languages: ['en', 'fr'],
    demo: true,
    now: NOW,
    ...overrides,
  };
}

export function assignRole(overrides: Partial<AssignPractitionerRole> = {}): AssignPractitionerRole {
  const facility = REAL_FACILITIES.find((candidate) => candidate.facilityId === '4713')!;
  return {
    type: 'AssignPractitionerRole',
    providerId: 'provider-1',
    roleId: 'role-1',
    specialty: 'family-medicine',
    location: { facilityId: facility.facilityId, facilityName: facility.name, serviceType: facility.serviceType, community: facility.community, lat: facility.lat, lng: facility.lng, accessibility: ['step-free-entrance'] },
    acceptedInsurance: ['OHIP', 'IFHP'],
    telemedicine: true,
    appointmentModel: 'booked',
    now: NOW,
    ...overrides,
  };
}

export function openSchedule(overrides: Partial<OpenSchedule> = {}): OpenSchedule {
  return {
    type: 'OpenSchedule',
    providerId: 'provider-1',
    scheduleId: 'schedule-1',
    roleId: 'role-1',
    slots: [
      { slotId: 'slot-1', startsAt: '2025-03-10T13:00:00.000Z', endsAt: '2025-03-10T13:20:00.000Z', mode: 'in-person' },
      { slotId: 'slot-2', startsAt: '2025-03-10T13:20:00.000Z', endsAt: '2025-03-10T13:40:00.000Z', mode: 'telemedicine' },
    ],
    demo: true,
    now: NOW,
    ...overrides,
  };
}

/** Runs commands in order through the decider and returns every event, as the store would hold them. */
export function runProviderCommands(commands: readonly ProviderCommand[], given: ProviderEvent[] = []): ProviderEvent[] {
  return commands.reduce<ProviderEvent[]>((events, command) => [...events, ...whenProvider(events, command)], given);
}

export function whenProvider(given: readonly ProviderEvent[], command: ProviderCommand): ProviderEvent[] {
  return providerDecider.decide(foldEvents(providerDecider, given), command);
}
