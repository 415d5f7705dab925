// Public surface of the escalation rules language.

export {
  conditionVariables,
  printCondition,
  printLiteral,
  type BinaryNode,
  type ComparisonNode,
  type ComparisonOperator,
  type ConditionNode,
  type Literal,
  type NotNode,
  type TrendNode,
  type Window,
  type WindowUnit,
} from './ast';
export { evaluateCondition, type AnswerHistory, type AnswerValue, type TimedAnswer, type Truth } from './evaluator';
export { fireEscalationRules, type FiredRule } from './fire-rules';
export { parseCondition, type ParseOptions } from './parser';
export {
  ESCALATION_ACTIONS,
  ESCALATION_PRIORITIES,
  loadEscalationRules,
  type EscalationAction,
  type EscalationPriority,
  type EscalationRule,
  type EscalationRuleSet,
  type FilePosition,
  type LoadRulesOptions,
} from './rule-file';
export { ConditionSyntaxError, tokenize, type Token, type TokenKind } from './tokenizer';
