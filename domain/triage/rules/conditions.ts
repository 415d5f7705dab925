// The condition language of the CTAS rule table. Conditions are plain data so the table can be
// reviewed, versioned and diffed by clinicians; this file is their only interpreter.

import { findComplaint, type Answer } from '../intake/catalogue';
import { choiceAnswer, type TriageFindings } from '../findings';
import type { VitalSign } from '../vital-signs';

export type Condition =
  | { vital: VitalSign; below: number }
  | { vital: VitalSign; atLeast: number }
  | { answer: string; equals: Answer }
  | { answer: string; oneOf: readonly Answer[] }
  | { answer: string; atLeast: number }
  | { shockIndexAtLeast: number }
  | { sirsCriteriaAtLeast: number }
  | { painSite: 'central' | 'peripheral' }
  | { painPattern: 'acute' | 'chronic' }
  | { complaintIn: readonly string[] }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] };

export function conditionHolds(condition: Condition, findings: TriageFindings): boolean {
  if ('all' in condition) {
    return condition.all.every((part) => conditionHolds(part, findings));
  }
  if ('any' in condition) {
    return condition.any.some((part) => conditionHolds(part, findings));
  }
  if ('vital' in condition) {
    const value = findings.vitals[condition.vital];
    if (value === undefined) {
      return false;
    }
    return 'below' in condition ? value < condition.below : value >= condition.atLeast;
  }
  if ('answer' in condition) {
    return answerHolds(condition, findings.answers[condition.answer]);
  }
  if ('shockIndexAtLeast' in condition) {
    const index = shockIndex(findings);
    return index !== undefined && index >= condition.shockIndexAtLeast;
  }
  if ('sirsCriteriaAtLeast' in condition) {
    return sirsCriteriaCount(findings) >= condition.sirsCriteriaAtLeast;
  }
  if ('painSite' in condition) {
    return findComplaint(findings.complaintId)?.painSite === condition.painSite;
  }
  if ('painPattern' in condition) {
    return painPattern(findings) === condition.painPattern;
  }
  return condition.complaintIn.includes(findings.complaintId);
}

function answerHolds(condition: { answer: string } & ({ equals: Answer } | { oneOf: readonly Answer[] } | { atLeast: number }), value: Answer | undefined): boolean {
  if (value === undefined) {
    return false;
  }
  if ('equals' in condition) {
    return value === condition.equals;
  }
  if ('oneOf' in condition) {
    return condition.oneOf.includes(value);
  }
  return typeof value === 'number' && value >= condition.atLeast;
}

/** Heart rate divided by systolic pressure; 1.0 or more suggests hypovolemia even with a normal pressure. */
export function shockIndex(findings: TriageFindings): number | undefined {
  const { heartRate, systolicPressure } = findings.vitals;
  if (heartRate === undefined || systolicPressure === undefined) {
    return undefined;
  }
  return heartRate / systolicPressure;
}

/**
 * Counts the systemic inflammatory response (SIRS) criteria measurable at triage: temperature
 * above 38 or below 36 °C, heart rate above 90, respiratory rate above 20. The fourth criterion,
 * the white cell count, needs a blood test and is never known at triage.
 */
export function sirsCriteriaCount(findings: TriageFindings): number {
  const { temperature, heartRate, respiratoryRate } = findings.vitals;
  let count = 0;
  if (temperature !== undefined && (temperature > 38 || temperature < 36)) {
    count++;
  }
  if (heartRate !== undefined && heartRate > 90) {
    count++;
  }
  if (respiratoryRate !== undefined && respiratoryRate > 20) {
    count++;
  }
  return count;
}

/** CTAS calls pain chronic when it follows a known, recurring pattern; anything else is acute. */
export function painPattern(findings: TriageFindings): 'acute' | 'chronic' {
  return choiceAnswer(findings, 'common.painPattern') === 'known-recurring' ? 'chronic' : 'acute';
}
