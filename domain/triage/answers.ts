// Checks a patient's answer against the question it answers: the right type, a listed option,
// a number inside the question's range, or bounded free text.

import { ValidationError } from '../shared/errors';
import { validateFreeText } from './free-text';
import type { Answer, Question } from './intake/catalogue';

export function validateAnswer(question: Question, answer: unknown, field = 'answer'): Answer {
  switch (question.kind) {
    case 'yes-no':
      if (typeof answer !== 'boolean') {
        throw ValidationError.forField(field, `must be true or false for yes-no question ${question.id}`);
      }
      return answer;
    case 'scale':
    case 'number':
      return validateNumber(question, answer, field);
    case 'choice': {
      const values = question.options.map((option) => option.value);
      if (typeof answer !== 'string' || !values.includes(answer)) {
        throw ValidationError.forField(field, `must be one of ${values.join(', ')} for question ${question.id}`);
      }
      return answer;
    }
    case 'text':
      return validateFreeText(field, answer);
  }
}

function validateNumber(question: Extract<Question, { kind: 'scale' | 'number' }>, answer: unknown, field: string): number {
  if (typeof answer !== 'number' || !Number.isFinite(answer)) {
    throw ValidationError.forField(field, `must be a number for question ${question.id}`);
  }
  if (question.kind === 'scale' && !Number.isInteger(answer)) {
    throw ValidationError.forField(field, `must be a whole number from ${question.min} to ${question.max} for question ${question.id}`);
  }
  if (answer < question.min || answer > question.max) {
    throw ValidationError.forField(field, `must be between ${question.min} and ${question.max}${question.unit ? ` ${question.unit}` : ''} for question ${question.id} (got ${answer})`);
  }
  return answer;
}
