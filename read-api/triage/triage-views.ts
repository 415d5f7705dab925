// Response bodies of the triage endpoints, in the patient's language: questions, complaints, the
// intake's progress and the assessment with the rules and findings behind it.

import {
  complaintCategories,
  catalogueVersion,
  describeAssessment,
  findComplaint,
  recommendationFor,
  ruleFindingText,
  testLabel,
  type Complaint,
  type Criterion,
  type DecisionRuleOutcome,
  type Locale,
  type Question,
  type TriageSession,
} from '../../domain/triage';
import type { IntakeProgress } from '../../commands/triage/intake-progress';

/** The rules level (CTAS number) at or below which the patient gets advice before the intake is complete. */
const urgentAdviceLevel = 2;

export function questionView(question: Question, locale: Locale) {
  const base = { id: question.id, kind: question.kind, text: question.text[locale] };
  switch (question.kind) {
    case 'choice':
      return { ...base, options: question.options.map((option) => ({ value: option.value, label: option.label[locale] })) };
    case 'scale':
    case 'number':
      return { ...base, min: question.min, max: question.max, ...(question.unit ? { unit: question.unit } : {}) };
    case 'yes-no':
    case 'text':
      return base;
  }
}

export function complaintView(complaint: Pick<Complaint, 'id' | 'category' | 'label'>, locale: Locale) {
  return { id: complaint.id, category: complaint.category, label: complaint.label[locale] };
}

export function complaintListView(locale: Locale) {
  return {
    catalogueVersion,
    locale,
    categories: complaintCategories().map((category) => ({
      id: category.id,
      label: category.label[locale],
      complaints: category.complaints.map((complaint) => ({ id: complaint.id, label: complaint.label[locale] })),
    })),
  };
}

/**
 * Builds the next questions of an open session. When the answers so far already reach level 2, the
 * advice for that level comes with them, so the patient can leave for care without finishing.
 */
export function intakeView(progress: IntakeProgress, locale: Locale) {
  const advice = recommendationFor(progress.rulesLevel);
  return {
    questions: progress.nextQuestions.map((question) => questionView(question, locale)),
    progress: { answered: progress.answered, total: progress.total },
    ...(progress.rulesLevel <= urgentAdviceLevel
      ? { urgentAdvice: { level: progress.rulesLevel, urgency: advice.urgency, action: advice.action, message: advice.message[locale] } }
      : {}),
  };
}

/** Builds the assessment of an assessed (or assessed, then escalated) session, or returns null before that. */
export function assessmentView(session: TriageSession, locale: Locale) {
  const { assessment } = session;
  if (!assessment) return null;

  const description = describeAssessment(assessment, locale);
  return {
    sessionId: session.sessionId,
    status: session.status,
    assessedAt: session.assessedAt,
    locale,
    complaint: complaintSummary(session, locale),
    level: description.level,
    urgency: description.urgency,
    action: description.action,
    message: description.message,
    reasons: description.reasons,
    suggestedTests: assessment.suggestedTests.map((testId, index) => ({ id: testId, label: description.suggestedTests[index] })),
    rulesLevel: assessment.rulesLevel,
    model: assessment.model,
    ruleTableVersion: assessment.ruleTableVersion,
    decidedBy: assessment.decidedBy,
    findings: assessment.findings.map((finding) => ({ ...finding, text: ruleFindingText(finding.ruleId)?.[locale] ?? finding.ruleId })),
    decisionRules: assessment.decisionRules.map((outcome) => decisionRuleView(outcome, locale)),
  };
}

function complaintSummary(session: TriageSession, locale: Locale) {
  const complaint = session.findings && findComplaint(session.findings.complaintId);
  return complaint ? complaintView(complaint, locale) : null;
}

function decisionRuleView(outcome: DecisionRuleOutcome, locale: Locale) {
  const text = (criterion: Criterion) => ({ id: criterion.id, text: criterion.text[locale] });
  switch (outcome.status) {
    case 'not-applicable':
      return { ruleId: outcome.ruleId, status: outcome.status, reason: text(outcome.reason), missingAnswers: outcome.missingAnswers };
    case 'imaging-recommended':
      return {
        ruleId: outcome.ruleId,
        status: outcome.status,
        imaging: outcome.imaging.map((testId) => ({ id: testId, label: testLabel(testId)[locale] })),
        criteriaMet: outcome.criteriaMet.map(text),
      };
    case 'imaging-not-required':
      return { ruleId: outcome.ruleId, status: outcome.status, criteriaMet: outcome.criteriaMet.map(text) };
  }
}
