// What the triage rules and the urgency model read: the complaint, who the patient is, their
// answers by question id, and the vital signs measured so far. Built from the session's events.

import type { Answer } from './intake/catalogue';
import type { VitalSigns } from './vital-signs';

export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** How the patient reaches care; only an emergency department or a clinician records it. */
export type ArrivalMode = 'self' | 'ambulance';

export type CtasLevel = 1 | 2 | 3 | 4 | 5;

export interface TriageFindings {
  complaintId: string;
  age: number;
  sex: Sex;
  answers: Readonly<Record<string, Answer>>;
  vitals: VitalSigns;
  arrivalMode?: ArrivalMode;
}

export function answeredYes(findings: TriageFindings, questionId: string): boolean {
  return findings.answers[questionId] === true;
}

export function answeredNo(findings: TriageFindings, questionId: string): boolean {
  return findings.answers[questionId] === false;
}

export function numericAnswer(findings: TriageFindings, questionId: string): number | undefined {
  const value = findings.answers[questionId];
  return typeof value === 'number' ? value : undefined;
}

export function choiceAnswer(findings: TriageFindings, questionId: string): string | undefined {
  const value = findings.answers[questionId];
  return typeof value === 'string' ? value : undefined;
}
