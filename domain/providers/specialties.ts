// The specialties providers hold, who may hold each, and which ones each kind of Ontario
// facility offers. Service types are the SERV_TYPE values of the Ministry of Health's service
// provider locations data.

import type { AppointmentModel, ProviderType } from './provider-model';

export interface SpecialtyDefinition {
  label: { en: string; fr: string };
  providerTypes: readonly ProviderType[];
}

export const SPECIALTIES = {
  'family-medicine': {
    label: { en: 'Family medicine', fr: 'Médecine familiale' },
    providerTypes: ['physician', 'nurse-practitioner'],
  },
  'emergency-medicine': {
    label: { en: 'Emergency medicine', fr: "Médecine d'urgence" },
    providerTypes: ['physician', 'nurse-practitioner'],
  },
  'diagnostic-imaging': {
    label: { en: 'Diagnostic imaging', fr: 'Imagerie diagnostique' },
    providerTypes: ['medical-radiation-technologist', 'physician'],
  },
  laboratory: {
    label: { en: 'Laboratory specimen collection', fr: 'Prélèvements de laboratoire' },
    providerTypes: ['medical-laboratory-technologist', 'registered-nurse'],
  },
  midwifery: {
    label: { en: 'Midwifery', fr: 'Pratique sage-femme' },
    providerTypes: ['midwife'],
  },
  'pediatric-rehabilitation': {
    label: { en: "Children's rehabilitation", fr: 'Réadaptation pédiatrique' },
    providerTypes: ['physiotherapist'],
  },
  'mental-health': {
    label: { en: 'Mental health and addictions', fr: 'Santé mentale et dépendances' },
    providerTypes: ['psychotherapist', 'registered-nurse', 'physician'],
  },
  'minor-ailments': {
    label: { en: 'Pharmacist care for minor ailments', fr: 'Soins pharmaceutiques pour affections mineures' },
    providerTypes: ['pharmacist'],
  },
  immunization: {
    label: { en: 'Immunization', fr: 'Vaccination' },
    providerTypes: ['registered-nurse', 'nurse-practitioner', 'pharmacist'],
  },
  'sexual-health': {
    label: { en: 'Sexual health testing', fr: 'Dépistage en santé sexuelle' },
    providerTypes: ['registered-nurse', 'nurse-practitioner'],
  },
} as const satisfies Record<string, SpecialtyDefinition>;

export type Specialty = keyof typeof SPECIALTIES;

export function isSpecialty(value: string): value is Specialty {
  return Object.prototype.hasOwnProperty.call(SPECIALTIES, value);
}

/** The demo staffing of one kind of facility for one specialty. */
export interface StaffingRule {
  specialty: Specialty;
  /** Provider types with their relative share of the practitioners generated. */
  providerTypes: readonly { type: ProviderType; weight: number }[];
  appointmentModel: AppointmentModel;
  slotMinutes: number;
  /** The share of slots offered as telemedicine; 0 when the care needs the patient present. */
  telemedicineShare: number;
}

const familyMedicine = (physicianWeight: number, slotMinutes: number): StaffingRule => ({
  specialty: 'family-medicine',
  providerTypes: [
    { type: 'physician', weight: physicianWeight },
    { type: 'nurse-practitioner', weight: 1 - physicianWeight },
  ],
  appointmentModel: 'booked',
  slotMinutes,
  telemedicineShare: 0.25,
});

const hospital: StaffingRule[] = [
  {
    specialty: 'emergency-medicine',
    providerTypes: [{ type: 'physician', weight: 1 }],
    appointmentModel: 'walk-in',
    slotMinutes: 0,
    telemedicineShare: 0,
  },
  {
    specialty: 'diagnostic-imaging',
    providerTypes: [{ type: 'medical-radiation-technologist', weight: 1 }],
    appointmentModel: 'booked',
    slotMinutes: 30,
    telemedicineShare: 0,
  },
];

const laboratory: StaffingRule[] = [
  {
    specialty: 'laboratory',
    providerTypes: [{ type: 'medical-laboratory-technologist', weight: 1 }],
    appointmentModel: 'booked',
    slotMinutes: 10,
    telemedicineShare: 0,
  },
];

// Long-term care homes, retirement homes, community support services and seniors' centres
// serve their own residents or members, so the demo gives them no publicly bookable roles.
export const FACILITY_STAFFING: Readonly<Record<string, readonly StaffingRule[]>> = {
  'Family Health Team - Contract': [familyMedicine(0.65, 15)],
  'Community Health Centre': [familyMedicine(0.5, 20)],
  'Nurse Practitioner Led Clinic': [familyMedicine(0, 20)],
  'Nursing Station': [familyMedicine(0, 20)],
  'Hospital - Site': hospital,
  'Hospital - Corporation': hospital,
  'Independent Health Facility': [
    {
      specialty: 'diagnostic-imaging',
      providerTypes: [{ type: 'medical-radiation-technologist', weight: 1 }],
      appointmentModel: 'booked',
      slotMinutes: 20,
      telemedicineShare: 0,
    },
  ],
  'Laboratory - Specimen Collection Centre': laboratory,
  'Laboratory - Community Private': laboratory,
  'Laboratory - Hospital': laboratory,
  'Midwifery Clinic': [
    { specialty: 'midwifery', providerTypes: [{ type: 'midwife', weight: 1 }], appointmentModel: 'booked', slotMinutes: 30, telemedicineShare: 0.1 },
  ],
  "Children's Treatment Centre": [
    {
      specialty: 'pediatric-rehabilitation',
      providerTypes: [{ type: 'physiotherapist', weight: 1 }],
      appointmentModel: 'booked',
      slotMinutes: 45,
      telemedicineShare: 0.1,
    },
  ],
  'Mental Health and Addiction Organization': [
    {
      specialty: 'mental-health',
      providerTypes: [
        { type: 'psychotherapist', weight: 0.7 },
        { type: 'registered-nurse', weight: 0.3 },
      ],
      appointmentModel: 'booked',
      slotMinutes: 50,
      telemedicineShare: 0.5,
    },
  ],
  Pharmacy: [
    { specialty: 'minor-ailments', providerTypes: [{ type: 'pharmacist', weight: 1 }], appointmentModel: 'booked', slotMinutes: 15, telemedicineShare: 0.2 },
  ],
  'Public Health Unit Office': [
    { specialty: 'immunization', providerTypes: [{ type: 'registered-nurse', weight: 1 }], appointmentModel: 'booked', slotMinutes: 15, telemedicineShare: 0 },
  ],
  'AIDS Bureau': [
    { specialty: 'sexual-health', providerTypes: [{ type: 'registered-nurse', weight: 1 }], appointmentModel: 'booked', slotMinutes: 20, telemedicineShare: 0 },
  ],
};
