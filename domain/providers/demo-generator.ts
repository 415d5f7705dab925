// Generates demo practitioners for real Ontario facility locations: plausible staff for each
// kind of facility, their languages, credentials, ratings and weekly schedules. Everything it
// creates carries demo: true and registration numbers starting with DEMO-, because none of
// these people exist. The same seed and facilities give the same commands on every machine.

import type { ProviderCommand, RegisterProvider } from './provider-commands';
import { REGULATOR_BY_TYPE, type AccessibilityFeature, type InsurancePlan, type ProviderType } from './provider-model';
import { generateDemoSchedules } from './demo-schedule';
import { integerBetween, pickOne, pickWeighted, type RandomSource } from './seeded-random';
import { FACILITY_STAFFING, type StaffingRule } from './specialties';

/** One row of the Ministry of Health's service provider locations, as the loader passes it. */
export interface FacilityLocation {
  facilityId: string;
  name: string;
  serviceType: string;
  lat: number;
  lng: number;
  community: string;
}

export interface DemoGeneratorOptions {
  random: RandomSource;
  /** The instant the demo data is registered at. */
  now: string;
  /** The Monday, YYYY-MM-DD on the Ontario calendar, of the first scheduled week. */
  weekStartsOn: string;
  weeks?: number;
  practitionersPerRole?: { min: number; max: number };
  /** The share of practitioners who also consult in French, outside the communities below. */
  frenchSpeakingShare?: number;
  /** Community name to French-speaking share, for communities with large francophone populations. */
  francophoneCommunities?: Readonly<Record<string, number>>;
}

export interface DemoProviderPlan {
  providerId: string;
  facilityId: string;
  /** Commands for the provider stream, in order: register, assign the role, open schedules, rate. */
  commands: ProviderCommand[];
}

export interface DemoGeneration {
  providers: DemoProviderPlan[];
  skippedFacilities: { facilityId: string; serviceType: string; reason: string }[];
}

// Demo assumptions, not census figures: French is common among providers in these communities.
export const DEFAULT_FRANCOPHONE_COMMUNITIES: Readonly<Record<string, number>> = {
  Hearst: 0.85,
  Hawkesbury: 0.8,
  Kapuskasing: 0.6,
  Timmins: 0.4,
  'Greater Sudbury': 0.35,
  Ottawa: 0.35,
  Cornwall: 0.3,
};
const DEFAULT_FRENCH_SHARE = 0.15;
const THIRD_LANGUAGE_SHARE = 0.2;
const THIRD_LANGUAGES = ['zh', 'pa', 'ar', 'es', 'ur', 'tl', 'pt', 'it', 'ta', 'fa'] as const;

const GIVEN_NAMES = ['Marie', 'Jean', 'Sophie', 'Luc', 'Emily', 'Michael', 'Priya', 'Wei', 'Fatima', 'Daniel', 'Chloé', 'Olivier', 'Sarah', 'David', 'Aisha', 'Raj', 'Grace', 'Mathieu', 'Nadia', 'Kevin'];
const FAMILY_NAMES = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Smith', 'Brown', 'Wilson', 'Singh', 'Li', 'Wang', 'Patel', 'Nguyen', 'Martin', 'MacDonald', 'Campbell', 'Anderson', 'Chen', 'Lee', 'Khan'];

// Share of demo facilities with each feature; a demo assumption that gives accessibility
// preferences something to choose between.
const ACCESSIBILITY_SHARES: readonly [AccessibilityFeature, number][] = [
  ['step-free-entrance', 0.8],
  ['accessible-parking', 0.7],
  ['accessible-washroom', 0.6],
  ['height-adjustable-exam-table', 0.3],
  ['hearing-loop', 0.15],
];

/** Plans demo providers for the facilities; a facility with no bookable care, or bad coordinates, is skipped with the reason. */
export function generateDemoProviders(facilities: readonly FacilityLocation[], options: DemoGeneratorOptions): DemoGeneration {
  const settings = resolveOptions(options);
  const providers: DemoProviderPlan[] = [];
  const skippedFacilities: DemoGeneration['skippedFacilities'] = [];

  const seenFacilityIds = new Set<string>();
  for (const facility of facilities) {
    const rules = FACILITY_STAFFING[facility.serviceType];
    const reason = seenFacilityIds.has(facility.facilityId)
      ? 'another facility has the same facilityId, and provider ids are derived from it'
      : !rules
        ? 'the facility type offers no publicly bookable care'
        : coordinatesProblem(facility);
    seenFacilityIds.add(facility.facilityId);
    if (reason) {
      skippedFacilities.push({ facilityId: facility.facilityId, serviceType: facility.serviceType, reason });
      continue;
    }
    const accessibility = ACCESSIBILITY_SHARES.filter(([, share]) => settings.random.next() < share).map(([feature]) => feature);
    for (const rule of rules!) {
      const count = integerBetween(settings.random, settings.practitionersPerRole.min, settings.practitionersPerRole.max);
      for (let index = 1; index <= count; index++) {
        providers.push(planProvider(settings, facility, rule, accessibility, index));
      }
    }
  }
  return { providers, skippedFacilities };
}

type Settings = Required<DemoGeneratorOptions>;

function resolveOptions(options: DemoGeneratorOptions): Settings {
  const settings: Settings = {
    weeks: 1,
    practitionersPerRole: { min: 1, max: 3 },
    frenchSpeakingShare: DEFAULT_FRENCH_SHARE,
    francophoneCommunities: DEFAULT_FRANCOPHONE_COMMUNITIES,
    ...options,
  };
  const { min, max } = settings.practitionersPerRole;
  if (!Number.isInteger(settings.weeks) || settings.weeks < 1 || settings.weeks > 8) {
    throw new Error(`weeks must be a whole number from 1 to 8; got ${settings.weeks}`);
  }
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new Error(`practitionersPerRole must have whole numbers with 1 <= min <= max; got ${min}..${max}`);
  }
  return settings;
}

function coordinatesProblem(facility: FacilityLocation): string | null {
  const valid = Number.isFinite(facility.lat) && Number.isFinite(facility.lng) && Math.abs(facility.lat) <= 90 && Math.abs(facility.lng) <= 180;
  return valid ? null : `coordinates (${facility.lat}, ${facility.lng}) are not a valid latitude and longitude`;
}

function planProvider(
  settings: Settings,
  facility: FacilityLocation,
  rule: StaffingRule,
  accessibility: AccessibilityFeature[],
  index: number,
): DemoProviderPlan {
  const { random, now } = settings;
  const providerId = `demo-${facility.facilityId}-${rule.specialty}-${index}`;
  const roleId = `${providerId}-role`;
  const providerType = pickWeighted(random, rule.providerTypes.map(({ type, weight }) => ({ value: type, weight })));

  const register = registerCommand(settings, facility, providerId, providerType);
  const assign: ProviderCommand = {
    type: 'AssignPractitionerRole',
    providerId,
    roleId,
    specialty: rule.specialty,
    location: {
      facilityId: facility.facilityId,
      facilityName: facility.name,
      serviceType: facility.serviceType,
      community: facility.community,
      lat: facility.lat,
      lng: facility.lng,
      accessibility,
    },
    acceptedInsurance: acceptedInsurance(random, facility.serviceType),
    telemedicine: rule.telemedicineShare > 0,
    appointmentModel: rule.appointmentModel,
    now,
  };
  const scheduleRequest = {
    providerId,
    roleId,
    slotMinutes: rule.slotMinutes,
    telemedicineShare: rule.telemedicineShare,
    weekStartsOn: settings.weekStartsOn,
    weeks: settings.weeks,
    now,
  };
  const schedules = rule.appointmentModel === 'booked' ? generateDemoSchedules(random, scheduleRequest) : [];
  const rate: ProviderCommand = {
    type: 'RateProviderQuality',
    providerId,
    averageRating: Math.round((3.2 + random.next() * 1.7) * 10) / 10,
    reviewCount: 1 + Math.floor(random.next() ** 2 * 400),
    source: 'demo-generator',
    demo: true,
    now,
  };
  return { providerId, facilityId: facility.facilityId, commands: [register, assign, ...schedules, rate] };
}

function registerCommand(settings: Settings, facility: FacilityLocation, providerId: string, providerType: ProviderType): RegisterProvider {
  const { random } = settings;
  const { regulator, designation } = REGULATOR_BY_TYPE[providerType];
  const registrationNumber = `DEMO-${String(integerBetween(random, 0, 999_999)).padStart(6, '0')}`;
  return {
    type: 'RegisterProvider',
    providerId,
    providerType,
    name: { given: pickOne(random, GIVEN_NAMES), family: pickOne(random, FAMILY_NAMES) },
    credentials: [{ designation, regulator, registrationNumber }],
    languages: drawLanguages(settings, facility.community),
    demo: true,
    now: settings.now,
  };
}

function drawLanguages(settings: Settings, community: string): string[] {
  const { random } = settings;
  const frenchShare = settings.francophoneCommunities[community] ?? settings.frenchSpeakingShare;
  const languages = ['en'];
  if (random.next() < frenchShare) languages.push('fr');
  if (random.next() < THIRD_LANGUAGE_SHARE) languages.push(pickOne(random, THIRD_LANGUAGES));
  return languages;
}

// Community health centres and nurse practitioner-led clinics also serve people without OHIP,
// such as refugee claimants under the Interim Federal Health Program.
function acceptedInsurance(random: RandomSource, serviceType: string): InsurancePlan[] {
  if (serviceType === 'Community Health Centre' || serviceType === 'Nurse Practitioner Led Clinic') {
    return ['OHIP', 'IFHP', 'self-pay'];
  }
  return random.next() < 0.3 ? ['OHIP', 'UHIP'] : ['OHIP'];
}
