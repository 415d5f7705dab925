// Checks the parser, printer and evaluator against a second evaluator written as plainly as
// possible: truth values are the numbers 0, 0.5 and 1 (min for AND, max for OR, 1 - x for NOT),
// so a window is the minimum over the answer in effect at its start and every answer inside it.

import fc from 'fast-check';

import { printCondition, type ComparisonNode, type ComparisonOperator, type ConditionNode, type Literal, type TrendNode } from './ast';
import { evaluateCondition, type AnswerHistory, type AnswerValue, type TimedAnswer } from './evaluator';
import { fireEscalationRules } from './fire-rules';
import { parseCondition } from './parser';
import { loadEscalationRules } from './rule-file';
import { ConditionSyntaxError } from './tokenizer';

const NOW_MS = Date.parse('2025-06-01T00:00:00.000Z');
const HOUR_MS = 3_600_000;
const VARIABLES = ['a', 'b', 'c'];

type Kleene = 0 | 0.5 | 1;

function referenceEvaluate(node: ConditionNode, history: AnswerHistory, nowMs: number): Kleene {
  if (node.kind === 'not') {
    return (1 - referenceEvaluate(node.operand, history, nowMs)) as Kleene;
  }
  if (node.kind === 'and' || node.kind === 'or') {
    const left = referenceEvaluate(node.left, history, nowMs);
    const right = referenceEvaluate(node.right, history, nowMs);
    return (node.kind === 'and' ? Math.min(left, right) : Math.max(left, right)) as Kleene;
  }

  // Narrowed by hand: TypeScript does not narrow BinaryNode out by its two-valued kind.
  const leaf = node as ComparisonNode | TrendNode;
  const known = [...(history[leaf.variable] ?? [])]
    .map((answer, index) => ({ at: Date.parse(answer.answeredAt), index, value: answer.value }))
    .filter((answer) => answer.at <= nowMs)
    .sort((x, y) => x.at - y.at || x.index - y.index);

  if (leaf.kind === 'trend') {
    const last = known.slice(-leaf.answers).map((answer) => answer.value);
    if (last.length < leaf.answers || last.some((value) => typeof value !== 'number')) {
      return 0.5;
    }
    const numbers = last as number[];
    const rising = numbers.every((value, i) => i === 0 || value > numbers[i - 1]!);
    const falling = numbers.every((value, i) => i === 0 || value < numbers[i - 1]!);
    return (leaf.direction === 'INCREASING' ? rising : falling) ? 1 : 0;
  }

  const comparison = leaf;
  const test = (value: AnswerValue): Kleene => referenceCompare(value, comparison.operator, comparison.value);
  if (!comparison.window) {
    return known.length === 0 ? 0.5 : test(known[known.length - 1]!.value);
  }

  const hours = comparison.window.length * (comparison.window.unit === 'days' ? 24 : 1);
  const startMs = nowMs - hours * HOUR_MS;
  const atStart = known.filter((answer) => answer.at <= startMs).pop();
  const inside = known.filter((answer) => answer.at > startMs);
  const verdicts = [atStart ? test(atStart.value) : 0.5, ...inside.map((answer) => test(answer.value))];
  return Math.min(...verdicts) as Kleene;
}

function referenceCompare(value: AnswerValue, operator: ComparisonOperator, literal: Literal): Kleene {
  if (typeof value !== typeof literal) {
    return 0.5;
  }
  const order = value < literal ? -1 : value > literal ? 1 : 0;
  const outcome = {
    '<': order < 0,
    '<=': order <= 0,
    '>': order > 0,
    '>=': order >= 0,
    '==': order === 0,
    '!=': order !== 0,
  }[operator];
  return outcome ? 1 : 0;
}

const variable = fc.constantFrom(...VARIABLES);
const numberLiteral = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-1.5, 0.5, 2.25));
const anyLiteral = fc.oneof(numberLiteral, fc.boolean(), fc.constantFrom('x', 'y', 'say "hi"', 'back\\slash'));

const comparison: fc.Arbitrary<ConditionNode> = fc
  .record({
    variable,
    operator: fc.constantFrom<ComparisonOperator>('<', '<=', '>', '>=', '==', '!='),
    orderingValue: numberLiteral,
    equalityValue: anyLiteral,
    window: fc.option(fc.record({ length: fc.integer({ min: 1, max: 4 }), unit: fc.constantFrom('days' as const, 'hours' as const) }), {
      nil: undefined,
    }),
  })
  .map(({ variable: name, operator, orderingValue, equalityValue, window }) => {
    const value = operator === '==' || operator === '!=' ? equalityValue : orderingValue;
    const node: ConditionNode = { kind: 'comparison', variable: name, operator, value };
    return window ? { ...node, window } : node;
  });

const trend: fc.Arbitrary<ConditionNode> = fc.record({
  kind: fc.constant('trend' as const),
  variable,
  direction: fc.constantFrom('INCREASING' as const, 'DECREASING' as const),
  answers: fc.integer({ min: 2, max: 4 }),
});

const { condition } = fc.letrec<{ condition: ConditionNode }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    trend,
    fc.record({ kind: fc.constant('not' as const), operand: tie('condition') }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('condition'), right: tie('condition') }),
  ),
}));

const answer: fc.Arbitrary<TimedAnswer> = fc.record({
  answeredAt: fc.integer({ min: -6, max: 120 }).map((hoursAgo) => new Date(NOW_MS - hoursAgo * HOUR_MS).toISOString()),
  value: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constantFrom('x', 'y')),
});

const history: fc.Arbitrary<AnswerHistory> = fc.record({
  a: fc.array(answer, { maxLength: 6 }),
  b: fc.array(answer, { maxLength: 6 }),
  c: fc.array(answer, { maxLength: 6 }),
});

const AS_TRUTH = { 0: 'false', 0.5: 'unknown', 1: 'true' } as const;

describe('escalation conditions against a reference evaluator', () => {
  it('printing then parsing returns the same tree', () => {
    fc.assert(
      fc.property(condition, (tree) => {
        expect(parseCondition(printCondition(tree))).toEqual(tree);
      }),
      { numRuns: 500 },
    );
  });

  it('evaluating the reparsed tree agrees with the reference', () => {
    fc.assert(
      fc.property(condition, history, (tree, answers) => {
        const now = new Date(NOW_MS).toISOString();
        const reparsed = parseCondition(printCondition(tree));

        expect(evaluateCondition(reparsed, answers, now)).toBe(AS_TRUTH[referenceEvaluate(tree, answers, NOW_MS)]);
      }),
      { numRuns: 1000 },
    );
  });

  it('a rule file fires exactly the rules the reference finds true', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), history, (trees, answers) => {
        // Printed into a YAML file as the care team writes them, loaded, then fired.
        const rules = trees.map((tree, index) => `  - id: rule-${index}\n    condition: ${JSON.stringify(printCondition(tree))}\n    action: ALERT_PROVIDER\n    priority: high\n`);
        const ruleSet = loadEscalationRules(`version: 1\nrules:\n${rules.join('')}`);

        const fired = fireEscalationRules(ruleSet, answers, new Date(NOW_MS).toISOString()).map((rule) => rule.ruleId);
        const expected = trees.flatMap((tree, index) => (referenceEvaluate(tree, answers, NOW_MS) === 1 ? [`rule-${index}`] : []));
        expect(fired).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('parsing arbitrary text either succeeds or raises a syntax error', () => {
    const pieces = fc.constantFrom('a', 'b', '(', ')', 'AND', 'OR', 'NOT', '<', '==', '1', '-2.5', '"s"', 'true', 'FOR', '3', 'days', 'INCREASING', 'OVER', 'LAST', '=', '!', '#');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (words) => {
        const text = words.join(' ');
        try {
          parseCondition(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ConditionSyntaxError);
          const offset = (error as ConditionSyntaxError).offset;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
