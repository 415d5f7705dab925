// The triage session's events. Free text, answers and vital signs are PHI and listed in each
// definition's phiFields so the event store encrypts them with the patient's key; levels, rule
// ids and complaint ids are codes and stay readable for analytics and integration topics.

import type { DomainEvent, EventDefinition } from '../shared/events';
import type { TriageAssessment } from './assessment';
import type { Answer, Locale } from './intake/catalogue';
import type { CtasLevel, Sex } from './findings';
import type { VitalSigns } from './vital-signs';

export type TriageStarted = DomainEvent<
  'TriageStarted',
  {
    sessionId: string;
    patientId: string;
    startedAt: string;
    locale: Locale;
    age: number;
    sex: Sex;
    complaintId: string;
    /** The patient's own words, when they typed the complaint. */
    complaintText: string | null;
    /** How the complaint was chosen: picked from the list, or classified from the text. */
    complaintSource: 'selected' | 'classified';
    classifierVersion: string | null;
  }
>;

export type SymptomReported = DomainEvent<
  'SymptomReported',
  { sessionId: string; questionId: string; answer: Answer; reportedAt: string }
>;

export type VitalSignsRecorded = DomainEvent<
  'VitalSignsRecorded',
  { sessionId: string; vitals: VitalSigns; measuredAt: string; recordedAt: string }
>;

export type RedFlagDetected = DomainEvent<
  'RedFlagDetected',
  { sessionId: string; ruleId: string; level: CtasLevel; detectedAt: string }
>;

export type TriageAssessed = DomainEvent<
  'TriageAssessed',
  { sessionId: string; assessedAt: string; assessment: TriageAssessment }
>;

export type TriageEscalated = DomainEvent<
  'TriageEscalated',
  {
    sessionId: string;
    escalatedAt: string;
    requestedBy: EscalationRequester;
    reason: string;
    /** The level at the time of escalation, when the session was already assessed. */
    level: CtasLevel | null;
  }
>;

export type EscalationRequester = 'patient' | 'clinician' | 'system';

export type TriageEvent =
  | TriageStarted
  | SymptomReported
  | VitalSignsRecorded
  | RedFlagDetected
  | TriageAssessed
  | TriageEscalated;

export const triageEventDefinitions: readonly EventDefinition<TriageEvent['type']>[] = [
  { type: 'TriageStarted', schemaVersion: 1, phiFields: ['age', 'sex', 'complaintText'] },
  { type: 'SymptomReported', schemaVersion: 1, phiFields: ['answer'] },
  { type: 'VitalSignsRecorded', schemaVersion: 1, phiFields: ['vitals'] },
  { type: 'RedFlagDetected', schemaVersion: 1, phiFields: [] },
  { type: 'TriageAssessed', schemaVersion: 1, phiFields: [] },
  { type: 'TriageEscalated', schemaVersion: 1, phiFields: ['reason'] },
];
