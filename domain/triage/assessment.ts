// One triage assessment: the rule table's level, the urgency model's level when there is one,
// and the combination. The rules are a safety floor: the model may make the level more urgent,
// never less urgent than a rule requires.

import { applyDecisionRules, type DecisionRuleOutcome } from './decision-rules';
import type { CtasLevel, TriageFindings } from './findings';
import { findComplaint } from './intake/catalogue';
import { evaluateTriageRules } from './rules/evaluate';
import { recommendationFor, type RecommendedAction, type UrgencyClass } from './urgency';

/** What the urgency model concluded, computed outside the domain and passed in with the command. */
export interface ModelOpinion {
  modelVersion: string;
  level: CtasLevel;
}

export interface AssessedFinding {
  ruleId: string;
  level: CtasLevel;
}

export interface TriageAssessment {
  ruleTableVersion: string;
  rulesLevel: CtasLevel;
  model: ModelOpinion | null;
  level: CtasLevel;
  urgency: UrgencyClass;
  action: RecommendedAction;
  /** Rule ids at the final level, and "model:<version>" when the model made it more urgent. */
  decidedBy: string[];
  findings: AssessedFinding[];
  decisionRules: DecisionRuleOutcome[];
  suggestedTests: string[];
}

/** Combines the two levels in CTAS numbers: the more urgent (lower) one wins. */
export function combineLevels(rulesLevel: CtasLevel, modelLevel: CtasLevel | undefined): CtasLevel {
  return modelLevel === undefined ? rulesLevel : (Math.min(rulesLevel, modelLevel) as CtasLevel);
}

export function assessFindings(findings: TriageFindings, model?: ModelOpinion): TriageAssessment {
  const rules = evaluateTriageRules(findings);
  const level = combineLevels(rules.level, model?.level);
  const recommendation = recommendationFor(level);
  const decisionRules = applyDecisionRules(findings);

  const decidedBy = [
    ...(rules.level === level ? rules.decidedBy.map((rule) => rule.ruleId) : []),
    ...(model && model.level === level && model.level < rules.level ? [`model:${model.modelVersion}`] : []),
  ];
  return {
    ruleTableVersion: rules.ruleTableVersion,
    rulesLevel: rules.level,
    model: model ?? null,
    level,
    urgency: recommendation.urgency,
    action: recommendation.action,
    decidedBy,
    findings: rules.findings.map(({ ruleId, level: findingLevel }) => ({ ruleId, level: findingLevel })),
    decisionRules,
    suggestedTests: suggestedTests(findings.complaintId, decisionRules),
  };
}

function suggestedTests(complaintId: string, outcomes: readonly DecisionRuleOutcome[]): string[] {
  const imaging = outcomes.flatMap((outcome) => (outcome.status === 'imaging-recommended' ? outcome.imaging : []));
  return [...new Set([...(findComplaint(complaintId)?.suggestedTests ?? []), ...imaging])];
}
