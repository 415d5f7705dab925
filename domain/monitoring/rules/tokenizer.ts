// Splits an escalation condition into tokens. Every token keeps its offset in the condition text,
// so a syntax error can point at a line and column of the rule file.

export type TokenKind =
  | 'identifier'
  | 'keyword'
  | 'number'
  | 'string'
  | 'boolean'
  | 'operator'
  | 'open-paren'
  | 'close-paren'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text of the token; for a string, its unquoted value. */
  text: string;
  /** Offset of the token's first character in the condition text. */
  offset: number;
}

/** Keywords and the booleans true and false are case-insensitive and cannot name a variable. */
export const KEYWORDS = [
  'AND',
  'OR',
  'NOT',
  'INCREASING',
  'DECREASING',
  'OVER',
  'LAST',
  'FOR',
  'DAYS',
  'DAY',
  'HOURS',
  'HOUR',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

/** A syntax error at an offset of the condition text; the rule loader maps it to a file position. */
export class ConditionSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} (at offset ${offset})`);
    this.name = 'ConditionSyntaxError';
  }
}

const TWO_CHARACTER_OPERATORS = ['<=', '>=', '==', '!='];
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const NUMBER = /^-?\d+(\.\d+)?/;

export function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;

  while (offset < condition.length) {
    const character = condition[offset]!;

    if (/\s/.test(character)) {
      offset++;
      continue;
    }

    const token = readToken(condition, offset);
    tokens.push(token.token);
    offset = token.next;
  }

  tokens.push({ kind: 'end', text: '', offset: condition.length });
  return tokens;
}

function readToken(condition: string, offset: number): { token: Token; next: number } {
  const character = condition[offset]!;

  if (character === '(' || character === ')') {
    const kind = character === '(' ? 'open-paren' : 'close-paren';
    return { token: { kind, text: character, offset }, next: offset + 1 };
  }

  const pair = condition.slice(offset, offset + 2);
  if (TWO_CHARACTER_OPERATORS.includes(pair)) {
    return { token: { kind: 'operator', text: pair, offset }, next: offset + 2 };
  }
  if (character === '<' || character === '>') {
    return { token: { kind: 'operator', text: character, offset }, next: offset + 1 };
  }
  if (character === '=' || character === '!') {
    throw new ConditionSyntaxError(`unknown operator '${character}'; use ==, != or NOT`, offset);
  }

  const number = NUMBER.exec(condition.slice(offset));
  if (number && !IDENTIFIER_PART.test(condition[offset + number[0].length] ?? '')) {
    return { token: { kind: 'number', text: number[0], offset }, next: offset + number[0].length };
  }

  if (character === '"' || character === "'") {
    return readString(condition, offset);
  }

  if (IDENTIFIER_START.test(character)) {
    return readWord(condition, offset);
  }

  throw new ConditionSyntaxError(`unexpected character '${character}'`, offset);
}

function readString(condition: string, offset: number): { token: Token; next: number } {
  const quote = condition[offset]!;
  let value = '';
  let position = offset + 1;

  while (position < condition.length) {
    const character = condition[position]!;
    if (character === quote) {
      return { token: { kind: 'string', text: value, offset }, next: position + 1 };
    }
    if (character === '\\') {
      const escaped = condition[position + 1];
      if (escaped !== '\\' && escaped !== '"' && escaped !== "'") {
        throw new ConditionSyntaxError('a backslash in a string must escape \\, " or \'', position);
      }
      value += escaped;
      position += 2;
      continue;
    }
    value += character;
    position++;
  }

  throw new ConditionSyntaxError(`string starting here is never closed; add the closing ${quote}`, offset);
}

function readWord(condition: string, offset: number): { token: Token; next: number } {
  let end = offset + 1;
  while (end < condition.length && IDENTIFIER_PART.test(condition[end]!)) {
    end++;
  }
  const word = condition.slice(offset, end);
  const upper = word.toUpperCase();

  if (upper === 'TRUE' || upper === 'FALSE') {
    return { token: { kind: 'boolean', text: word.toLowerCase(), offset }, next: end };
  }
  if ((KEYWORDS as readonly string[]).includes(upper)) {
    return { token: { kind: 'keyword', text: upper, offset }, next: end };
  }
  return { token: { kind: 'identifier', text: word, offset }, next: end };
}
