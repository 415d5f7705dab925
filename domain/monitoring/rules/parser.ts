// A recursive-descent parser for escalation conditions. The grammar, loosest binding first:
//
//   condition  := or
//   or         := and ( OR and )*
//   and        := unary ( AND unary )*
//   unary      := NOT unary | primary
//   primary    := '(' condition ')' | trend | comparison
//   trend      := variable ( INCREASING | DECREASING ) OVER LAST integer
//   comparison := variable operator literal [ FOR integer ( DAYS | DAY | HOURS | HOUR ) ]
//   literal    := number | true | false | quoted string
//
// AND and OR associate to the left. Ordering operators (<, <=, >, >=) take a number only.

import {
  ORDERING_OPERATORS,
  type ComparisonNode,
  type ComparisonOperator,
  type ConditionNode,
  type Literal,
  type Window,
} from './ast';
import { ConditionSyntaxError, tokenize, type Token } from './tokenizer';

export interface ParseOptions {
  /** When given, a variable outside this set is a syntax error at the variable's offset. */
  knownVariables?: ReadonlySet<string>;
}

/** Parses a condition, or throws ConditionSyntaxError with the offset of the first problem. */
export function parseCondition(condition: string, options: ParseOptions = {}): ConditionNode {
  const parser = new ConditionParser(tokenize(condition), options);
  return parser.parseWhole();
}

// Conditions are written by people, so nesting deeper than this is a mistake, and refusing it
// keeps a hostile rule file from overflowing the stack.
const MAX_NESTING = 64;

class ConditionParser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  parseWhole(): ConditionNode {
    if (this.peek().kind === 'end') {
      throw new ConditionSyntaxError('the condition is empty', 0);
    }
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') {
      throw new ConditionSyntaxError(`expected AND, OR or the end of the condition, found ${describe(rest)}`, rest.offset);
    }
    return node;
  }

  private parseOr(): ConditionNode {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) {
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): ConditionNode {
    let left = this.parseUnary();
    while (this.acceptKeyword('AND')) {
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): ConditionNode {
    const token = this.peek();
    this.enterNesting(token);
    try {
      if (this.acceptKeyword('NOT')) {
        return { kind: 'not', operand: this.parseUnary() };
      }
      return this.parsePrimary();
    } finally {
      this.depth--;
    }
  }

  private enterNesting(token: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING) {
      throw new ConditionSyntaxError(`the condition nests NOT and parentheses deeper than ${MAX_NESTING} levels`, token.offset);
    }
  }

  private parsePrimary(): ConditionNode {
    const token = this.peek();

    if (token.kind === 'open-paren') {
      this.position++;
      const inner = this.parseOr();
      const closing = this.next();
      if (closing.kind !== 'close-paren') {
        throw new ConditionSyntaxError(`expected ')' to close the '(' at offset ${token.offset}, found ${describe(closing)}`, closing.offset);
      }
      return inner;
    }

    if (token.kind !== 'identifier') {
      throw new ConditionSyntaxError(`expected a variable, NOT or '(', found ${describe(token)}`, token.offset);
    }
    this.checkVariable(token);
    this.position++;

    const following = this.peek();
    if (following.kind === 'keyword' && (following.text === 'INCREASING' || following.text === 'DECREASING')) {
      this.position++;
      return this.parseTrendTail(token.text, following.text);
    }
    return this.parseComparisonTail(token.text);
  }

  private parseTrendTail(variable: string, direction: 'INCREASING' | 'DECREASING'): ConditionNode {
    this.expectKeyword('OVER');
    this.expectKeyword('LAST');
    const count = this.expectInteger('the number of answers');
    if (count.value < 2) {
      throw new ConditionSyntaxError(`a trend needs at least 2 answers, found ${count.value}`, count.offset);
    }
    return { kind: 'trend', variable, direction, answers: count.value };
  }

  private parseComparisonTail(variable: string): ComparisonNode {
    const operatorToken = this.next();
    if (operatorToken.kind !== 'operator') {
      throw new ConditionSyntaxError(
        `expected a comparison operator (<, <=, >, >=, ==, !=), INCREASING or DECREASING after '${variable}', found ${describe(operatorToken)}`,
        operatorToken.offset,
      );
    }
    const operator = operatorToken.text as ComparisonOperator;
    const value = this.parseLiteral(operator);

    const node: ComparisonNode = { kind: 'comparison', variable, operator, value };
    if (this.acceptKeyword('FOR')) {
      node.window = this.parseWindow();
    }
    return node;
  }

  private parseLiteral(operator: ComparisonOperator): Literal {
    const token = this.next();
    const ordering = ORDERING_OPERATORS.includes(operator);

    if (token.kind === 'number') {
      return Number(token.text);
    }
    if (ordering) {
      throw new ConditionSyntaxError(`'${operator}' compares numbers, found ${describe(token)}`, token.offset);
    }
    if (token.kind === 'boolean') {
      return token.text === 'true';
    }
    if (token.kind === 'string') {
      return token.text;
    }
    throw new ConditionSyntaxError(`expected a number, true, false or a quoted string after '${operator}', found ${describe(token)}`, token.offset);
  }

  private parseWindow(): Window {
    const length = this.expectInteger('the window length');
    if (length.value < 1) {
      throw new ConditionSyntaxError(`a window must last at least 1 unit, found ${length.value}`, length.offset);
    }
    const unitToken = this.next();
    if (unitToken.kind === 'keyword' && (unitToken.text === 'DAYS' || unitToken.text === 'DAY')) {
      return { length: length.value, unit: 'days' };
    }
    if (unitToken.kind === 'keyword' && (unitToken.text === 'HOURS' || unitToken.text === 'HOUR')) {
      return { length: length.value, unit: 'hours' };
    }
    throw new ConditionSyntaxError(`expected days or hours after FOR ${length.value}, found ${describe(unitToken)}`, unitToken.offset);
  }

  private checkVariable(token: Token): void {
    const known = this.options.knownVariables;
    if (known && !known.has(token.text)) {
      const listed = [...known].sort().join(', ');
      throw new ConditionSyntaxError(`unknown variable '${token.text}'; known variables: ${listed}`, token.offset);
    }
  }

  private expectInteger(what: string): { value: number; offset: number } {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) {
      throw new ConditionSyntaxError(`expected a whole number for ${what}, found ${describe(token)}`, token.offset);
    }
    return { value: Number(token.text), offset: token.offset };
  }

  private expectKeyword(keyword: string): void {
    const token = this.next();
    if (token.kind !== 'keyword' || token.text !== keyword) {
      throw new ConditionSyntaxError(`expected ${keyword}, found ${describe(token)}`, token.offset);
    }
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind === 'keyword' && token.text === keyword) {
      this.position++;
      return true;
    }
    return false;
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.tokens[this.position]!;
    if (token.kind !== 'end') {
      this.position++;
    }
    return token;
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the condition';
    case 'string':
      return `the string "${token.text}"`;
    default:
      return `'${token.text}'`;
  }
}
