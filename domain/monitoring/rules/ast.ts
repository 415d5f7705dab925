// The syntax tree of an escalation condition, and its printer. The printer writes every binary
// operator inside parentheses, so parsing a printed tree returns the same tree.

import { assertNever } from '../../shared/decider';

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Literal = number | boolean | string;

export type WindowUnit = 'hours' | 'days';

/** A window over which a comparison must hold continuously: `FOR 3 days`. */
export interface Window {
  length: number;
  unit: WindowUnit;
}

export interface ComparisonNode {
  kind: 'comparison';
  variable: string;
  operator: ComparisonOperator;
  value: Literal;
  /** Absent: the comparison applies to the latest answer only. */
  window?: Window;
}

export interface TrendNode {
  kind: 'trend';
  variable: string;
  direction: 'INCREASING' | 'DECREASING';
  /** Number of latest answers the trend spans, at least 2. */
  answers: number;
}

export interface NotNode {
  kind: 'not';
  operand: ConditionNode;
}

export interface BinaryNode {
  kind: 'and' | 'or';
  left: ConditionNode;
  right: ConditionNode;
}

export type ConditionNode = ComparisonNode | TrendNode | NotNode | BinaryNode;

/** Ordering operators compare numbers only; equality operators accept any literal. */
export const ORDERING_OPERATORS: readonly ComparisonOperator[] = ['<', '<=', '>', '>='];

export function printCondition(node: ConditionNode): string {
  switch (node.kind) {
    case 'comparison': {
      const comparison = `${node.variable} ${node.operator} ${printLiteral(node.value)}`;
      return node.window ? `${comparison} FOR ${node.window.length} ${node.window.unit}` : comparison;
    }
    case 'trend':
      return `${node.variable} ${node.direction} OVER LAST ${node.answers}`;
    case 'not':
      return `NOT (${printCondition(node.operand)})`;
    case 'and':
      return `(${printCondition(node.left)} AND ${printCondition(node.right)})`;
    case 'or':
      return `(${printCondition(node.left)} OR ${printCondition(node.right)})`;
    default:
      return assertNever(node, 'condition node');
  }
}

export function printLiteral(value: Literal): string {
  if (typeof value === 'string') {
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return String(value);
}

/** Lists every variable the condition reads, once each, in order of first use. */
export function conditionVariables(node: ConditionNode): string[] {
  const found = new Set<string>();
  const visit = (current: ConditionNode): void => {
    switch (current.kind) {
      case 'comparison':
      case 'trend':
        found.add(current.variable);
        return;
      case 'not':
        visit(current.operand);
        return;
      case 'and':
      case 'or':
        visit(current.left);
        visit(current.right);
        return;
      default:
        assertNever(current, 'condition node');
    }
  };
  visit(node);
  return [...found];
}
