// Free text from patients (complaint descriptions, answers, escalation reasons) is PHI and ends
// up in events and in front of clinicians, so it is bounded: 2,000 characters is about a page,
// more than any intake answer needs and small enough to review at a glance.

import { ValidationError } from '../shared/errors';

export const maxFreeTextLength = 2000;

/** Trims the text and throws a ValidationError when it is empty or longer than the limit. */
export function validateFreeText(field: string, text: unknown): string {
  if (typeof text !== 'string') {
    throw ValidationError.forField(field, 'must be text');
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw ValidationError.forField(field, 'must not be empty; describe the problem in a few words');
  }
  if (trimmed.length > maxFreeTextLength) {
    throw ValidationError.forField(
      field,
      `must be at most ${maxFreeTextLength} characters (got ${trimmed.length}); shorten it to the main points`,
    );
  }
  return trimmed;
}
