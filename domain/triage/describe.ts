// Turns a stored assessment into what the patient reads, in their language.

import type { TriageAssessment } from './assessment';
import { testLabel, type Locale } from './intake/catalogue';
import { ruleFindingText } from './rules/evaluate';
import { recommendationFor, type RecommendedAction, type UrgencyClass } from './urgency';

export interface AssessmentDescription {
  level: TriageAssessment['level'];
  urgency: UrgencyClass;
  action: RecommendedAction;
  message: string;
  /** Why, most urgent first: the findings that held, in the patient's language. */
  reasons: string[];
  suggestedTests: string[];
}

export function describeAssessment(assessment: TriageAssessment, locale: Locale): AssessmentDescription {
  const recommendation = recommendationFor(assessment.level);
  return {
    level: assessment.level,
    urgency: recommendation.urgency,
    action: recommendation.action,
    message: recommendation.message[locale],
    reasons: assessment.findings.map((finding) => ruleFindingText(finding.ruleId)?.[locale] ?? finding.ruleId),
    suggestedTests: assessment.suggestedTests.map((testId) => testLabel(testId)[locale]),
  };
}
