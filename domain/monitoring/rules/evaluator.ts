// Evaluates a parsed condition over a patient's answer history, walking the tree: no code is
// generated or run from rule text.
//
// Missing or mismatched data yields 'unknown', combined with Kleene's three-valued logic:
// NOT unknown is unknown, false AND unknown is false, true OR unknown is true. A rule fires only on
// 'true', so `NOT chest_pain == true` does not fire for a patient who never answered.
//
// Semantics, with `now` passed in and answers recorded after `now` ignored:
// - `x op v` compares the latest answer for x. No answer, or an answer of another type than v
//   (a number against a string), is unknown.
// - `x INCREASING OVER LAST n` takes the n latest numeric answers for x in time order and is true
//   when each is strictly greater than the one before (DECREASING: strictly smaller). Fewer than
//   n answers, or a non-numeric one among them, is unknown.
// - `x op v FOR d days` is true when the comparison held continuously over [now - d, now], an
//   answer being in effect from its time until the next answer. So the answer in effect at the
//   window start (the latest one at or before it) and every answer inside the window must satisfy
//   the comparison. One failing answer makes it false. With no answer at or before the window
//   start the window is not covered and the result is unknown, unless an answer fails.

import { assertNever } from '../../shared/decider';
import { ValidationError } from '../../shared/errors';
import type { ComparisonNode, ComparisonOperator, ConditionNode, Literal, TrendNode, Window } from './ast';

export type AnswerValue = number | boolean | string;

export interface TimedAnswer {
  answeredAt: string;
  value: AnswerValue;
}

/** Answers per variable, in any order. */
export type AnswerHistory = Readonly<Record<string, readonly TimedAnswer[]>>;

export type Truth = 'true' | 'false' | 'unknown';

const HOUR_MS = 3_600_000;

export function evaluateCondition(node: ConditionNode, history: AnswerHistory, now: string): Truth {
  const nowMs = parseTime(now, 'now');
  const timelines = new Timelines(history, nowMs);
  return evaluateNode(node, timelines, nowMs);
}

function evaluateNode(node: ConditionNode, timelines: Timelines, nowMs: number): Truth {
  switch (node.kind) {
    case 'comparison':
      return node.window ? evaluateWindow(node, node.window, timelines, nowMs) : evaluateLatest(node, timelines);
    case 'trend':
      return evaluateTrend(node, timelines);
    case 'not':
      return negate(evaluateNode(node.operand, timelines, nowMs));
    case 'and':
      return and(evaluateNode(node.left, timelines, nowMs), evaluateNode(node.right, timelines, nowMs));
    case 'or':
      return or(evaluateNode(node.left, timelines, nowMs), evaluateNode(node.right, timelines, nowMs));
    default:
      return assertNever(node, 'condition node');
  }
}

function evaluateLatest(node: ComparisonNode, timelines: Timelines): Truth {
  const answers = timelines.of(node.variable);
  const latest = answers[answers.length - 1];
  return latest ? compare(latest.value, node.operator, node.value) : 'unknown';
}

function evaluateWindow(node: ComparisonNode, window: Window, timelines: Timelines, nowMs: number): Truth {
  const windowStartMs = nowMs - window.length * (window.unit === 'days' ? 24 : 1) * HOUR_MS;
  const answers = timelines.of(node.variable);

  const insideWindow = answers.filter((answer) => answer.atMs > windowStartMs);
  const beforeWindow = answers.filter((answer) => answer.atMs <= windowStartMs);
  const inEffectAtStart = beforeWindow[beforeWindow.length - 1];

  const relevant = inEffectAtStart ? [inEffectAtStart, ...insideWindow] : insideWindow;
  const results = relevant.map((answer) => compare(answer.value, node.operator, node.value));

  if (results.includes('false')) {
    return 'false';
  }
  if (!inEffectAtStart || results.includes('unknown')) {
    return 'unknown';
  }
  return 'true';
}

function evaluateTrend(node: TrendNode, timelines: Timelines): Truth {
  const answers = timelines.of(node.variable);
  if (answers.length < node.answers) {
    return 'unknown';
  }

  const span = answers.slice(answers.length - node.answers).map((answer) => answer.value);
  if (!span.every((value): value is number => typeof value === 'number')) {
    return 'unknown';
  }

  for (let index = 1; index < span.length; index++) {
    const step = span[index]! - span[index - 1]!;
    const moved = node.direction === 'INCREASING' ? step > 0 : step < 0;
    if (!moved) {
      return 'false';
    }
  }
  return 'true';
}

function compare(value: AnswerValue, operator: ComparisonOperator, literal: Literal): Truth {
  if (typeof value !== typeof literal) {
    return 'unknown';
  }
  switch (operator) {
    case '==':
      return truth(value === literal);
    case '!=':
      return truth(value !== literal);
    case '<':
      return truth(value < literal);
    case '<=':
      return truth(value <= literal);
    case '>':
      return truth(value > literal);
    case '>=':
      return truth(value >= literal);
    default:
      return assertNever(operator, 'comparison operator');
  }
}

function truth(condition: boolean): Truth {
  return condition ? 'true' : 'false';
}

function negate(value: Truth): Truth {
  if (value === 'unknown') {
    return 'unknown';
  }
  return value === 'true' ? 'false' : 'true';
}

function and(left: Truth, right: Truth): Truth {
  if (left === 'false' || right === 'false') {
    return 'false';
  }
  return left === 'true' && right === 'true' ? 'true' : 'unknown';
}

function or(left: Truth, right: Truth): Truth {
  if (left === 'true' || right === 'true') {
    return 'true';
  }
  return left === 'false' && right === 'false' ? 'false' : 'unknown';
}

interface TimelineEntry {
  atMs: number;
  value: AnswerValue;
}

/** Each variable's answers up to `now`, sorted by time; answers at the same time keep their order. */
class Timelines {
  private readonly cache = new Map<string, TimelineEntry[]>();

  constructor(
    private readonly history: AnswerHistory,
    private readonly nowMs: number,
  ) {}

  of(variable: string): TimelineEntry[] {
    const cached = this.cache.get(variable);
    if (cached) {
      return cached;
    }
    const entries = (this.history[variable] ?? [])
      .map((answer) => ({ atMs: parseTime(answer.answeredAt, `${variable}.answeredAt`), value: answer.value }))
      .filter((entry) => entry.atMs <= this.nowMs)
      .sort((left, right) => left.atMs - right.atMs);
    this.cache.set(variable, entries);
    return entries;
  }
}

function parseTime(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw ValidationError.forField(field, `must be an ISO 8601 timestamp, found '${value}'`);
  }
  return ms;
}
