// The progress of a triage conversation: which questions are still open, which to ask next, and
// whether the intake is complete and can be assessed. Pure, so it is rebuilt from the session's
// events on every request and needs no conversation state of its own.

import { evaluateTriageRules, questionsFor, type CtasLevel, type Question, type TriageFindings } from '../../domain/triage';

/**
 * Questions sent per request. Five keep one screen of the patient app short, and a red flag in
 * the first answers can end the intake before the remaining questions are asked.
 */
export const questionsPerPage = 5;

/** The most urgent CTAS level; once the rules reach it, no further answer can change the outcome. */
const mostUrgentLevel: CtasLevel = 1;

export type CompletionReason = 'all-answered' | 'finished-by-patient' | 'most-urgent-level';

export interface IntakeProgress {
  answered: number;
  total: number;
  /** The next unanswered questions in catalogue order, empty once the intake is complete. */
  nextQuestions: Question[];
  /** The rule table's level for the answers so far (the model is consulted only at assessment). */
  rulesLevel: CtasLevel;
  completedBecause: CompletionReason | null;
}

/**
 * Computes the progress of an intake. It completes when every question has an answer, when the
 * patient asks to finish (unanswered questions then count as not reported), or as soon as the
 * rules reach level 1, because asking more questions would only delay the call to 911.
 */
export function intakeProgress(findings: TriageFindings, finishRequested = false): IntakeProgress {
  const questions = questionsFor(findings.complaintId);
  const unanswered = questions.filter((question) => findings.answers[question.id] === undefined);
  const rulesLevel = evaluateTriageRules(findings).level;

  const completedBecause = completionReason(unanswered.length, rulesLevel, finishRequested);
  return {
    answered: questions.length - unanswered.length,
    total: questions.length,
    nextQuestions: completedBecause === null ? unanswered.slice(0, questionsPerPage) : [],
    rulesLevel,
    completedBecause,
  };
}

function completionReason(unanswered: number, rulesLevel: CtasLevel, finishRequested: boolean): CompletionReason | null {
  if (rulesLevel === mostUrgentLevel) return 'most-urgent-level';
  if (unanswered === 0) return 'all-answered';
  if (finishRequested) return 'finished-by-patient';
  return null;
}
