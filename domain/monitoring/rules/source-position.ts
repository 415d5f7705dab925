// Maps a character of a YAML scalar's value back to its offset in the file. The value differs from
// the source text by quotes, escapes, indentation and folded line breaks, so the mapping walks the
// value and the source side by side, skipping source characters that the value does not contain.

import type { Scalar } from 'yaml';

export function sourceOffsetOfValueIndex(source: string, scalar: Scalar, valueIndex: number): number {
  const value = String(scalar.value);
  const [start, end] = scalar.range ?? [0, source.length];

  let cursor = contentStart(source, scalar, start);
  for (let index = 0; index < Math.min(valueIndex, value.length); index++) {
    const found = findMatching(source, value[index]!, cursor, end);
    if (found < 0) {
      return start;
    }
    cursor = found + 1;
  }

  if (valueIndex >= value.length) {
    return cursor;
  }
  const target = findMatching(source, value[valueIndex]!, cursor, end);
  return target < 0 ? start : target;
}

function contentStart(source: string, scalar: Scalar, start: number): number {
  switch (scalar.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return start + 1;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const headerEnd = source.indexOf('\n', start);
      return headerEnd < 0 ? start : headerEnd + 1;
    }
    default:
      return start;
  }
}

function findMatching(source: string, character: string, from: number, end: number): number {
  for (let position = from; position < end; position++) {
    const candidate = source[position]!;
    const foldedBreak = character === ' ' && candidate === '\n';
    if (candidate === character || foldedBreak) {
      return position;
    }
  }
  return -1;
}
