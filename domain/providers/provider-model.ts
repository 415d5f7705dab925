// The provider data model: a regulated health professional, the roles they hold at Ontario
// facilities, and what a patient needs to choose them (languages, location, accessibility,
// accepted insurance, telemedicine, quality and availability).

export const PROVIDER_TYPES = [
  'physician',
  'nurse-practitioner',
  'registered-nurse',
  'midwife',
  'pharmacist',
  'medical-radiation-technologist',
  'medical-laboratory-technologist',
  'psychotherapist',
  'physiotherapist',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** The Ontario regulatory college that registers each type of professional. */
export const REGULATOR_BY_TYPE: Readonly<Record<ProviderType, { regulator: string; designation: string }>> = {
  physician: { regulator: 'CPSO', designation: 'MD' },
  'nurse-practitioner': { regulator: 'CNO', designation: 'NP' },
  'registered-nurse': { regulator: 'CNO', designation: 'RN' },
  midwife: { regulator: 'CMO', designation: 'RM' },
  pharmacist: { regulator: 'OCP', designation: 'RPh' },
  'medical-radiation-technologist': { regulator: 'CMRITO', designation: 'MRT' },
  'medical-laboratory-technologist': { regulator: 'CMLTO', designation: 'MLT' },
  psychotherapist: { regulator: 'CRPO', designation: 'RP' },
  physiotherapist: { regulator: 'CPO', designation: 'PT' },
};

export interface Credential {
  designation: string;
  regulator: string;
  registrationNumber: string;
}

export interface PersonName {
  given: string;
  family: string;
}

export type AccessibilityFeature =
  | 'step-free-entrance'
  | 'accessible-washroom'
  | 'accessible-parking'
  | 'hearing-loop'
  | 'height-adjustable-exam-table';

export interface ProviderLocation {
  facilityId: string;
  facilityName: string;
  /** The facility's service type as the Ministry of Health lists it, e.g. "Community Health Centre". */
  serviceType: string;
  community: string;
  lat: number;
  lng: number;
  accessibility: AccessibilityFeature[];
}

/**
 * The plan that pays for the visit: OHIP (Ontario residents), IFHP (the federal Interim Federal Health
 * Program for refugee claimants), UHIP (international students), WSIB (workplace injuries),
 * or the patient.
 */
export type InsurancePlan = 'OHIP' | 'IFHP' | 'UHIP' | 'WSIB' | 'self-pay';
export const INSURANCE_PLANS: readonly InsurancePlan[] = ['OHIP', 'IFHP', 'UHIP', 'WSIB', 'self-pay'];

/** The way patients reach the role: a booked appointment, or walking in (an emergency department). */
export type AppointmentModel = 'booked' | 'walk-in';

export interface PractitionerRole {
  roleId: string;
  specialty: string;
  location: ProviderLocation;
  acceptedInsurance: InsurancePlan[];
  telemedicine: boolean;
  appointmentModel: AppointmentModel;
}

export interface QualityMetrics {
  /** Mean star rating from 1 to 5, or null before the first rating. */
  averageRating: number | null;
  reviewCount: number;
  source: string | null;
  ratedAt: string | null;
}

/** The slots the published schedules offer. Bookings live in the scheduling context. */
export interface AvailabilitySummary {
  scheduledSlotCount: number;
  telemedicineSlotCount: number;
  firstSlotStartsAt: string | null;
  lastSlotEndsAt: string | null;
}

export interface Provider {
  providerId: string;
  providerType: ProviderType;
  name: PersonName;
  credentials: Credential[];
  /** ISO 639-1 codes of the languages the provider consults in. */
  languages: string[];
  /** True for a generated demo practitioner, who must never be shown as a real one. */
  demo: boolean;
  registeredAt: string;
  roles: PractitionerRole[];
  quality: QualityMetrics;
  availability: AvailabilitySummary;
}
