import type { ConditionNode } from './ast';
import { parseCondition } from './parser';
import { ConditionSyntaxError, tokenize } from './tokenizer';

function syntaxErrorOf(condition: string): ConditionSyntaxError {
  try {
    parseCondition(condition);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected '${condition}' to be rejected`);
}

describe('tokenize', () => {
  it('keeps offsets and unquotes strings', () => {
    const tokens = tokenize(`wound <= 2 AND colour == "dark \\"red\\""`);

    expect(tokens.map((token) => [token.kind, token.text, token.offset])).toEqual([
      ['identifier', 'wound', 0],
      ['operator', '<=', 6],
      ['number', '2', 9],
      ['keyword', 'AND', 11],
      ['identifier', 'colour', 15],
      ['operator', '==', 22],
      ['string', 'dark "red"', 25],
      ['end', '', 39],
    ]);
  });

  it('reads keywords and booleans in any case', () => {
    const kinds = tokenize('a == TRUE and not b').map((token) => `${token.kind}:${token.text}`);

    expect(kinds).toEqual(['identifier:a', 'operator:==', 'boolean:true', 'keyword:AND', 'keyword:NOT', 'identifier:b', 'end:']);
  });

  it('rejects a lone equals sign', () => {
    expect(() => tokenize('a = 3')).toThrow(/unknown operator '='/);
  });
});

describe('parseCondition', () => {
  it('binds AND tighter than OR', () => {
    const parsed = parseCondition('a == 1 OR b == 2 AND c == 3');

    expect(parsed).toEqual<ConditionNode>({
      kind: 'or',
      left: { kind: 'comparison', variable: 'a', operator: '==', value: 1 },
      right: {
        kind: 'and',
        left: { kind: 'comparison', variable: 'b', operator: '==', value: 2 },
        right: { kind: 'comparison', variable: 'c', operator: '==', value: 3 },
      },
    });
  });

  it('associates AND to the left', () => {
    const parsed = parseCondition('a == 1 AND b == 2 AND c == 3');

    expect(parsed.kind).toBe('and');
    expect(parsed.kind === 'and' && parsed.left.kind).toBe('and');
  });

  it('applies NOT to the next comparison only', () => {
    const parsed = parseCondition('NOT a == true AND b > 1');

    expect(parsed).toEqual<ConditionNode>({
      kind: 'and',
      left: { kind: 'not', operand: { kind: 'comparison', variable: 'a', operator: '==', value: true } },
      right: { kind: 'comparison', variable: 'b', operator: '>', value: 1 },
    });
  });

  it('parses the heart failure rule', () => {
    const parsed = parseCondition('weight_kg INCREASING OVER LAST 3 AND (shortness_of_breath >= 2 OR ankle_swelling == true)');

    expect(parsed).toEqual<ConditionNode>({
      kind: 'and',
      left: { kind: 'trend', variable: 'weight_kg', direction: 'INCREASING', answers: 3 },
      right: {
        kind: 'or',
        left: { kind: 'comparison', variable: 'shortness_of_breath', operator: '>=', value: 2 },
        right: { kind: 'comparison', variable: 'ankle_swelling', operator: '==', value: true },
      },
    });
  });

  it('parses windows in days and hours', () => {
    expect(parseCondition('medication_adherence_pct < 60 FOR 3 days')).toEqual<ConditionNode>({
      kind: 'comparison',
      variable: 'medication_adherence_pct',
      operator: '<',
      value: 60,
      window: { length: 3, unit: 'days' },
    });
    expect(parseCondition('pain != 0 FOR 1 hour')).toMatchObject({ window: { length: 1, unit: 'hours' } });
  });

  it('parses negative and decimal numbers', () => {
    expect(parseCondition('delta < -1.5')).toMatchObject({ value: -1.5 });
  });

  it.each([
    ['', 0, /empty/],
    ['a <', 3, /'<' compares numbers, found the end of the condition/],
    ['a < "x"', 4, /'<' compares numbers/],
    ['a > 1 AND', 9, /expected a variable/],
    ['(a > 1', 6, /expected '\)' to close/],
    ['a > 1)', 5, /expected AND, OR or the end/],
    ['a INCREASING OVER LAST 1', 23, /at least 2 answers/],
    ['a INCREASING LAST 3', 13, /expected OVER/],
    ['a < 60 FOR 3 weeks', 13, /expected days or hours/],
    ['a < 60 FOR 0 days', 11, /at least 1 unit/],
    ['a < 60 FOR 1.5 days', 11, /whole number/],
    ['a == "open', 5, /never closed/],
    ['AND == 1', 0, /expected a variable/],
    ['a 3', 2, /expected a comparison operator/],
  ])('rejects %p at offset %p', (condition, offset, message) => {
    const error = syntaxErrorOf(condition);

    expect(error.offset).toBe(offset);
    expect(error.reason).toMatch(message);
  });

  it('rejects an unknown variable when variables are listed', () => {
    const known = new Set(['weight_kg']);

    expect(() => parseCondition('weight_kg > 1 AND weigth_kg > 2', { knownVariables: known })).toThrow(
      /unknown variable 'weigth_kg'; known variables: weight_kg/,
    );
  });

  it('rejects nesting deeper than 64 levels', () => {
    const deep = `${'('.repeat(80)}a == 1${')'.repeat(80)}`;

    expect(syntaxErrorOf(deep).reason).toMatch(/deeper than 64/);
  });
});
