import type { DomainEvent, EventDefinition } from '../shared/events';

// A patient's record as the product stores it: who they are, and the conditions and observations
// brought in from an EHR or recorded by a clinician. Codes (SNOMED CT, LOINC) stay readable for
// analytics; everything that identifies the person or describes their results is PHI.

export interface CodedConcept {
  system: string;
  code: string;
  display: string;
}

export interface PatientName {
  given: string[];
  family: string;
  prefix?: string[];
}

export interface PostalAddress {
  line: string[];
  city: string;
  province: string;
  postalCode: string;
  country: string;
}

export interface PatientRegisteredData {
  patientId: string;
  /** The record's source id, e.g. a Synthea bundle's Patient id. */
  sourceSystem: string;
  sourceId: string;
  name: PatientName;
  gender: 'male' | 'female' | 'other' | 'unknown';
  birthDate: string;
  deceasedAt: string | null;
  address: PostalAddress | null;
  phone: string | null;
  preferredLanguage: 'en' | 'fr';
  registeredAt: string;
}

export interface ConditionRecordedData {
  patientId: string;
  conditionId: string;
  code: CodedConcept;
  clinicalStatus: 'active' | 'recurrence' | 'relapse' | 'inactive' | 'remission' | 'resolved';
  onsetAt: string | null;
  abatedAt: string | null;
  recordedAt: string;
}

export interface ObservationValue {
  quantity: number | null;
  unit: string | null;
  text: string | null;
  components: { code: CodedConcept; quantity: number | null; unit: string | null }[];
}

export interface ObservationRecordedData {
  patientId: string;
  observationId: string;
  category: string;
  code: CodedConcept;
  value: ObservationValue;
  effectiveAt: string;
  recordedAt: string;
}

export type PatientRegistered = DomainEvent<'PatientRegistered', PatientRegisteredData>;
export type ConditionRecorded = DomainEvent<'ConditionRecorded', ConditionRecordedData>;
export type ObservationRecorded = DomainEvent<'ObservationRecorded', ObservationRecordedData>;
export type PatientEvent = PatientRegistered | ConditionRecorded | ObservationRecorded;

export const patientEventDefinitions: EventDefinition<PatientEvent['type']>[] = [
  {
    type: 'PatientRegistered',
    schemaVersion: 1,
    phiFields: ['sourceId', 'name', 'birthDate', 'deceasedAt', 'address', 'phone'],
  },
  {
    type: 'ConditionRecorded',
    schemaVersion: 1,
    phiFields: ['code.display', 'onsetAt', 'abatedAt'],
  },
  {
    type: 'ObservationRecorded',
    schemaVersion: 1,
    phiFields: ['code.display', 'value', 'effectiveAt'],
  },
];

export const patientStream = (patientId: string) => `patient-${patientId}`;
