// Loads an escalation rule file (YAML) into parsed rules. A file with any mistake is rejected as a
// whole, because a half-loaded rule set would silently stop escalating some patients. The error
// names the rule id and the line and column in the file.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';

import { ValidationError } from '../../shared/errors';
import type { ConditionNode } from './ast';
import { parseCondition } from './parser';
import { sourceOffsetOfValueIndex } from './source-position';
import { ConditionSyntaxError } from './tokenizer';

export const ESCALATION_ACTIONS = [
  'ALERT_PROVIDER',
  'PATIENT_EDUCATION_OUTREACH',
  'URGENT_CALLBACK',
  'NURSE_CALLBACK',
  'EMERGENCY_ADVICE',
] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** Ordered from most to least urgent. */
export const ESCALATION_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type EscalationPriority = (typeof ESCALATION_PRIORITIES)[number];

export interface FilePosition {
  /** 1-based line in the rule file. */
  line: number;
  /** 1-based column in the rule file. */
  column: number;
}

export interface EscalationRule {
  id: string;
  conditionText: string;
  condition: ConditionNode;
  action: EscalationAction;
  priority: EscalationPriority;
  position: FilePosition;
}

export interface EscalationRuleSet {
  version: 1;
  rules: EscalationRule[];
}

export interface LoadRulesOptions {
  /** File name used in error messages. */
  sourceName?: string;
  /** When given, a condition that reads another variable is rejected. */
  knownVariables?: ReadonlySet<string>;
}

const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;
const RULE_KEYS = ['id', 'condition', 'action', 'priority'];

/** Parses and validates a rule file; throws ValidationError naming the rule, line and column. */
export function loadEscalationRules(yamlText: string, options: LoadRulesOptions = {}): EscalationRuleSet {
  const context = new LoadContext(yamlText, options);
  const document = parseDocument(yamlText, { lineCounter: context.lines, prettyErrors: false });

  const [yamlError] = document.errors;
  if (yamlError) {
    const offset = yamlError.pos[0];
    throw context.failAt(offset, 'rules', undefined, `the file is not valid YAML: ${yamlError.message.split('\n')[0]}`);
  }

  const root = document.contents;
  if (!isMap(root)) {
    throw context.failAt(0, 'rules', undefined, 'the file must be a mapping with version and rules');
  }

  const version = root.get('version', true) as Node | undefined;
  if (!isScalar(version) || version.value !== 1) {
    throw context.failAtNode(version ?? root, 'version', undefined, 'version must be 1');
  }

  const rules = root.get('rules', true) as Node | undefined;
  if (!isSeq(rules) || rules.items.length === 0) {
    throw context.failAtNode(rules ?? root, 'rules', undefined, 'rules must be a non-empty list');
  }

  const seen = new Set<string>();
  const loaded = rules.items.map((item, index) => loadRule(context, item as Node, index, seen));
  return { version: 1, rules: loaded };
}

function loadRule(context: LoadContext, item: Node, index: number, seen: Set<string>): EscalationRule {
  const field = `rules[${index}]`;
  if (!isMap(item)) {
    throw context.failAtNode(item, field, undefined, 'each rule must be a mapping with id, condition, action and priority');
  }

  const id = readString(context, item, 'id', field, undefined);
  if (!RULE_ID.test(id)) {
    throw context.failAtNode(item.get('id', true) as Node, `${field}.id`, id, 'id must be lower-case letters, digits and dashes');
  }
  if (seen.has(id)) {
    throw context.failAtNode(item.get('id', true) as Node, `${field}.id`, id, 'id is used by an earlier rule; ids must be unique');
  }
  seen.add(id);

  rejectUnknownKeys(context, item, field, id);
  const action = readChoice(context, item, 'action', field, id, ESCALATION_ACTIONS);
  const priority = readChoice(context, item, 'priority', field, id, ESCALATION_PRIORITIES);

  const conditionNode = item.get('condition', true) as Node | undefined;
  const conditionText = readString(context, item, 'condition', field, id);
  const condition = parseRuleCondition(context, conditionNode as Scalar, conditionText, `${field}.condition`, id);

  return { id, conditionText, condition, action, priority, position: context.positionOf(item) };
}

function parseRuleCondition(context: LoadContext, node: Scalar, text: string, field: string, ruleId: string): ConditionNode {
  try {
    return parseCondition(text, { knownVariables: context.options.knownVariables });
  } catch (error) {
    if (error instanceof ConditionSyntaxError) {
      const offset = sourceOffsetOfValueIndex(context.source, node, error.offset);
      throw context.failAt(offset, field, ruleId, `invalid condition: ${error.reason}`);
    }
    throw error;
  }
}

function rejectUnknownKeys(context: LoadContext, rule: YAMLMap, field: string, ruleId: string): void {
  for (const pair of rule.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!RULE_KEYS.includes(key)) {
      throw context.failAtNode(pair.key as Node, `${field}.${key}`, ruleId, `unknown key '${key}'; a rule has ${RULE_KEYS.join(', ')}`);
    }
  }
}

function readString(context: LoadContext, rule: YAMLMap, key: string, field: string, ruleId: string | undefined): string {
  const node = rule.get(key, true) as Node | undefined;
  if (!node) {
    throw context.failAtNode(rule, `${field}.${key}`, ruleId, `${key} is missing`);
  }
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    throw context.failAtNode(node, `${field}.${key}`, ruleId, `${key} must be a non-empty string`);
  }
  return node.value;
}

function readChoice<Choice extends string>(
  context: LoadContext,
  rule: YAMLMap,
  key: string,
  field: string,
  ruleId: string,
  choices: readonly Choice[],
): Choice {
  const value = readString(context, rule, key, field, ruleId);
  if (!(choices as readonly string[]).includes(value)) {
    const node = rule.get(key, true) as Node;
    throw context.failAtNode(node, `${field}.${key}`, ruleId, `unknown ${key} '${value}'; use one of ${choices.join(', ')}`);
  }
  return value as Choice;
}

class LoadContext {
  readonly lines = new LineCounter();

  constructor(
    readonly source: string,
    readonly options: LoadRulesOptions,
  ) {}

  positionOf(node: Node): FilePosition {
    return this.positionAt(node.range?.[0] ?? 0);
  }

  positionAt(offset: number): FilePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  failAtNode(node: Node, field: string, ruleId: string | undefined, rule: string): ValidationError {
    return this.failAt(node.range?.[0] ?? 0, field, ruleId, rule);
  }

  failAt(offset: number, field: string, ruleId: string | undefined, rule: string): ValidationError {
    const { line, column } = this.positionAt(offset);
    const where = `${this.options.sourceName ?? 'rule file'}:${line}:${column}`;
    const which = ruleId ? ` rule '${ruleId}':` : '';
    return new ValidationError(`${where}:${which} ${rule}`, [{ field, rule }], { ruleId, line, column });
  }
}
