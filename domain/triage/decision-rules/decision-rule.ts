// The shape shared by the clinical decision rules (Ottawa ankle and knee, Canadian C-spine and
// CT head). A rule is validated only for the patients its study enrolled, so each one checks its
// inclusion and exclusion criteria first and declines with the reason when they are not met.

import type { Bilingual } from '../intake/catalogue';
import type { TriageFindings } from '../findings';
import { choiceAnswer, numericAnswer } from '../findings';

export interface Criterion {
  id: string;
  text: Bilingual;
}

export type DecisionRuleOutcome =
  | { ruleId: string; status: 'not-applicable'; reason: Criterion; missingAnswers: string[] }
  | { ruleId: string; status: 'imaging-recommended'; imaging: string[]; criteriaMet: Criterion[] }
  | { ruleId: string; status: 'imaging-not-required'; criteriaMet: Criterion[] };

export interface DecisionRule {
  id: string;
  /** The study that derived and validated the rule. */
  source: string;
  inclusion: readonly Criterion[];
  exclusions: readonly Criterion[];
  apply: (findings: TriageFindings) => DecisionRuleOutcome;
}

export function notApplicable(ruleId: string, reason: Criterion, missingAnswers: string[] = []): DecisionRuleOutcome {
  return { ruleId, status: 'not-applicable', reason, missingAnswers };
}

/** Returns the questions among `questionIds` that have no answer yet. */
export function unanswered(findings: TriageFindings, questionIds: readonly string[]): string[] {
  return questionIds.filter((questionId) => findings.answers[questionId] === undefined);
}

export function missingAnswersReason(missing: readonly string[]): Criterion {
  return {
    id: 'missing-answers',
    text: {
      en: `Needs answers to: ${missing.join(', ')}`,
      fr: `Réponses nécessaires : ${missing.join(', ')}`,
    },
  };
}

export function hoursSinceInjury(findings: TriageFindings): number | undefined {
  return numericAnswer(findings, 'injury.hoursSince');
}

export function isPregnant(findings: TriageFindings): boolean {
  return choiceAnswer(findings, 'common.pregnant') === 'yes';
}

/**
 * The Glasgow Coma Scale when a clinician recorded it, otherwise an estimate from the AVPU-style
 * alertness answer. A patient who answers for themselves is taken as fully alert (15).
 * NOTE: a self-reported "alert" cannot tell 15 from 14, so a subtle drop in consciousness only
 * changes a rule's result once a clinician records the score.
 */
export function estimatedGlasgowComaScale(findings: TriageFindings): number {
  if (findings.vitals.glasgowComaScale !== undefined) {
    return findings.vitals.glasgowComaScale;
  }
  switch (choiceAnswer(findings, 'common.alertness')) {
    case 'confused':
      return 14;
    case 'voice':
      return 11;
    case 'pain':
      return 7;
    case 'unresponsive':
      return 3;
    default:
      return 15;
  }
}

/** The patient cannot walk 4 steps both right after the injury and now (the Ottawa definition). */
export function unableToBearWeight(findings: TriageFindings): boolean {
  return findings.answers['limb.walkedRightAfter'] === false && findings.answers['limb.walksNow'] === false;
}

/** Someone answering for the patient reported anything other than fully alert. */
export function alteredAlertness(findings: TriageFindings): boolean {
  const alertness = choiceAnswer(findings, 'common.alertness');
  return alertness !== undefined && alertness !== 'alert';
}

export function criterion(id: string, en: string, fr: string): Criterion {
  return { id, text: { en, fr } };
}
