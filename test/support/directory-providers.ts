import type { AccessibilityFeature, InsurancePlan, ProviderType } from '../../domain/providers/provider-model';
import type { ProviderCommand } from '../../domain/providers/provider-commands';
import type { ProviderEvent } from '../../domain/providers/provider-events';
import { REGULATOR_BY_TYPE } from '../../domain/providers/provider-model';
import { runProviderCommands } from '../../domain/providers/provider.fixtures';
import type { StoredEvent } from '../../infra/event-store/event-store.port';

// A small provider directory around Ottawa and across Ontario, with known distances from
// Ottawa City Hall, for search tests. Coordinates are real places; the people are invented.

export const OTTAWA = { lat: 45.4215, lng: -75.6972 };
export const REGISTERED_AT = '2025-03-03T14:00:00.000Z';

export interface DirectoryProviderFixture {
  providerId: string;
  given: string;
  family: string;
  providerType: ProviderType;
  specialty?: string;
  languages: string[];
  place?: { facilityId: string; facilityName: string; serviceType: string; community: string; lat: number; lng: number };
  accessibility?: AccessibilityFeature[];
  telemedicine?: boolean;
  acceptedInsurance?: InsurancePlan[];
  rating?: { average: number; reviews: number };
  /** Days after registration at which the first slot starts; absent means no schedule. */
  firstSlotInDays?: number;
  demo?: boolean;
}

export const DIRECTORY_FIXTURES: readonly DirectoryProviderFixture[] = [
  {
    providerId: 'ottawa-family-1',
    given: 'Marie',
    family: 'Tremblay',
    providerType: 'physician',
    specialty: 'family-medicine',
    languages: ['en', 'fr'],
    place: { facilityId: 'on-moh-9001', facilityName: 'Centretown Community Health Centre', serviceType: 'Community Health Centre', community: 'Ottawa', lat: 45.4236, lng: -75.6997 },
    accessibility: ['step-free-entrance', 'accessible-washroom'],
    telemedicine: true,
    acceptedInsurance: ['OHIP', 'IFHP'],
    rating: { average: 4.8, reviews: 120 },
    firstSlotInDays: 2,
  },
  {
    providerId: 'ottawa-mental-1',
    given: 'Olivier',
    family: 'Gagnon',
    providerType: 'psychotherapist',
    specialty: 'mental-health',
    languages: ['fr'],
    place: { facilityId: 'on-moh-9002', facilityName: 'Vanier Mental Health Services', serviceType: 'Mental Health and Addiction Organization', community: 'Ottawa', lat: 45.44, lng: -75.65 },
    accessibility: [],
    telemedicine: true,
    rating: { average: 4.1, reviews: 35 },
    firstSlotInDays: 9,
  },
  {
    providerId: 'kanata-family-1',
    given: 'Sarah',
    family: 'Wilson',
    providerType: 'nurse-practitioner',
    specialty: 'family-medicine',
    languages: ['en'],
    place: { facilityId: 'on-moh-9003', facilityName: 'Kanata Family Health Team', serviceType: 'Family Health Team - Contract', community: 'Ottawa', lat: 45.3088, lng: -75.8987 },
    accessibility: ['step-free-entrance'],
    telemedicine: false,
    rating: { average: 3.9, reviews: 12 },
  },
  {
    providerId: 'cornwall-immunization-1',
    given: 'Luc',
    family: 'Roy',
    providerType: 'registered-nurse',
    specialty: 'immunization',
    languages: ['en', 'fr'],
    place: { facilityId: 'on-moh-9004', facilityName: 'Eastern Ontario Health Unit', serviceType: 'Public Health Unit Office', community: 'Cornwall', lat: 45.0213, lng: -74.7303 },
    accessibility: ['step-free-entrance'],
    rating: { average: 4.5, reviews: 60 },
    firstSlotInDays: 4,
  },
  {
    providerId: 'toronto-family-1',
    given: 'Wei',
    family: 'Chen',
    providerType: 'physician',
    specialty: 'family-medicine',
    languages: ['en', 'zh'],
    place: { facilityId: 'on-moh-9005', facilityName: 'Downtown Toronto Family Health Team', serviceType: 'Family Health Team - Contract', community: 'Toronto', lat: 43.6532, lng: -79.3832 },
    accessibility: ['step-free-entrance'],
    telemedicine: true,
    rating: { average: 4.6, reviews: 80 },
    firstSlotInDays: 5,
  },
  {
    providerId: 'sudbury-midwifery-1',
    given: 'Aisha',
    family: 'Khan',
    providerType: 'midwife',
    specialty: 'midwifery',
    languages: ['en', 'ar'],
    place: { facilityId: 'on-moh-9006', facilityName: 'Sudbury Midwifery Clinic', serviceType: 'Midwifery Clinic', community: 'Greater Sudbury', lat: 46.4917, lng: -80.993 },
    accessibility: [],
    rating: { average: 4.9, reviews: 10 },
  },
  {
    providerId: 'thunder-bay-pharmacy-1',
    given: 'David',
    family: 'Smith',
    providerType: 'pharmacist',
    specialty: 'minor-ailments',
    languages: ['en'],
    place: { facilityId: 'on-moh-9007', facilityName: 'Red River Road Pharmacy', serviceType: 'Pharmacy', community: 'Thunder Bay', lat: 48.3809, lng: -89.2477 },
    accessibility: ['step-free-entrance'],
    telemedicine: true,
  },
  {
    providerId: 'unassigned-1',
    given: 'Grace',
    family: 'Nurse',
    providerType: 'registered-nurse',
    languages: ['en', 'zh'],
    demo: false,
  },
];

/** The provider commands that build a fixture, decided in order by the provider aggregate. */
export function fixtureCommands(fixture: DirectoryProviderFixture): ProviderCommand[] {
  const demo = fixture.demo ?? true;
  const { regulator, designation } = REGULATOR_BY_TYPE[fixture.providerType];
  const commands: ProviderCommand[] = [
    {
      type: 'RegisterProvider',
      providerId: fixture.providerId,
      providerType: fixture.providerType,
      name: { given: fixture.given, family: fixture.family },
      credentials: [{ designation, regulator, registrationNumber: `${demo ? 'DEMO-' : ''}${fixture.providerId}` }],
      languages: fixture.languages,
      demo,
      now: REGISTERED_AT,
    },
  ];
  if (fixture.specialty && fixture.place) {
    commands.push({
      type: 'AssignPractitionerRole',
      providerId: fixture.providerId,
      roleId: `${fixture.providerId}-role`,
      specialty: fixture.specialty,
      location: { ...fixture.place, accessibility: fixture.accessibility ?? [] },
      acceptedInsurance: fixture.acceptedInsurance ?? ['OHIP'],
      telemedicine: fixture.telemedicine ?? false,
      appointmentModel: 'booked',
      now: REGISTERED_AT,
    });
  }
  if (fixture.firstSlotInDays !== undefined) {
    const startsAt = new Date(Date.parse(REGISTERED_AT) + fixture.firstSlotInDays * 86_400_000);
    commands.push({
      type: 'OpenSchedule',
      providerId: fixture.providerId,
      scheduleId: `${fixture.providerId}-schedule`,
      roleId: `${fixture.providerId}-role`,
      slots: [{ slotId: `${fixture.providerId}-slot-1`, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 1_200_000).toISOString(), mode: 'in-person' }],
      demo,
      now: REGISTERED_AT,
    });
  }
  if (fixture.rating) {
    commands.push({
      type: 'RateProviderQuality',
      providerId: fixture.providerId,
      averageRating: fixture.rating.average,
      reviewCount: fixture.rating.reviews,
      source: 'test-fixture',
      demo,
      now: REGISTERED_AT,
    });
  }
  return commands;
}

/** Every fixture's events as the store would deliver them, in one global order. */
export function directoryFixtureEvents(fixtures: readonly DirectoryProviderFixture[] = DIRECTORY_FIXTURES): StoredEvent[] {
  let position = 0n;
  return fixtures.flatMap((fixture) =>
    runProviderCommands(fixtureCommands(fixture)).map((event: ProviderEvent, index) => {
      position += 1n;
      return {
        eventId: `${fixture.providerId}-${index}`,
        type: event.type,
        schemaVersion: 1,
        data: event.data,
        streamId: `provider-${fixture.providerId}`,
        streamVersion: BigInt(index + 1),
        globalPosition: position,
        recordedAt: new Date(REGISTERED_AT),
        correlationId: 'directory-fixture',
        causationId: null,
        actor: { id: 'test-runner', role: 'system' },
      };
    }),
  );
}

/** Great-circle distance in kilometres on a sphere of the mean Earth radius (haversine). */
export function haversineKm(from: { lat: number; lng: number }, to: { lat: number; lng: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.lat - from.lat);
  const dLng = radians(to.lng - from.lng);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}
