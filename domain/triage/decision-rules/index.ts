import { canadianCSpineRule } from './canadian-c-spine';
import { canadianCtHeadRule } from './canadian-ct-head';
import type { DecisionRule, DecisionRuleOutcome } from './decision-rule';
import { ottawaAnkleRule } from './ottawa-ankle';
import { ottawaKneeRule } from './ottawa-knee';
import type { TriageFindings } from '../findings';

export type { Criterion, DecisionRule, DecisionRuleOutcome } from './decision-rule';
export { canadianCSpineRule, canadianCtHeadRule, ottawaAnkleRule, ottawaKneeRule };

export const decisionRules: readonly DecisionRule[] = [ottawaAnkleRule, ottawaKneeRule, canadianCSpineRule, canadianCtHeadRule];

/** Applies every decision rule; each one that does not fit the complaint reports "not-applicable". */
export function applyDecisionRules(findings: TriageFindings): DecisionRuleOutcome[] {
  return decisionRules.map((rule) => rule.apply(findings));
}
