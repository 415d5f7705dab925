// Runs a loaded rule set over a patient's answer history and lists the rules that fire.

import { evaluateCondition, type AnswerHistory } from './evaluator';
import { ESCALATION_PRIORITIES, type EscalationAction, type EscalationPriority, type EscalationRuleSet } from './rule-file';

export interface FiredRule {
  ruleId: string;
  action: EscalationAction;
  priority: EscalationPriority;
}

/** Lists the rules whose condition is true at `now`, most urgent first, then in file order. */
export function fireEscalationRules(ruleSet: EscalationRuleSet, history: AnswerHistory, now: string): FiredRule[] {
  const fired = ruleSet.rules
    .filter((rule) => evaluateCondition(rule.condition, history, now) === 'true')
    .map((rule) => ({ ruleId: rule.id, action: rule.action, priority: rule.priority }));

  const urgency = (priority: EscalationPriority): number => ESCALATION_PRIORITIES.indexOf(priority);
  return fired.sort((left, right) => urgency(left.priority) - urgency(right.priority));
}
