// Public surface of the triage context, for the command handlers, the HTTP layer and ml/triage.

export { triageSessionDecider, type TriageSession, type TriageStatus } from './session';
export type { AssessTriage, EscalateTriage, RecordVitalSigns, RespondToQuestion, StartTriage, TriageCommand } from './commands';
export {
  triageEventDefinitions,
  type EscalationRequester,
  type RedFlagDetected,
  type SymptomReported,
  type TriageAssessed,
  type TriageEscalated,
  type TriageEvent,
  type TriageStarted,
  type VitalSignsRecorded,
} from './events';
export type { ArrivalMode, CtasLevel, Sex, TriageFindings } from './findings';
export { assessFindings, combineLevels, type AssessedFinding, type ModelOpinion, type TriageAssessment } from './assessment';
export { describeAssessment, type AssessmentDescription } from './describe';
export { recommendationFor, type Recommendation, type RecommendedAction, type UrgencyClass } from './urgency';
export { evaluateTriageRules, ruleFindingText, type RuleFinding, type RulesAssessment } from './rules/evaluate';
export { complaintLevels, ruleTableVersion, triageRules, type TriageRule } from './rules/rule-table';
export { redFlagRules } from './rules/red-flags';
export { applyDecisionRules, decisionRules, type Criterion, type DecisionRule, type DecisionRuleOutcome } from './decision-rules';
export {
  allComplaints,
  catalogueVersion,
  complaintCategories,
  findComplaint,
  findQuestion,
  questionsFor,
  testLabel,
  type Answer,
  type Bilingual,
  type Complaint,
  type ComplaintCategory,
  type Locale,
  type Question,
} from './intake/catalogue';
export { classifierMetrics, classifierVersion, classifyComplaintText, type ComplaintClassification, type ComplaintSuggestion } from './intake/complaint-classifier';
export { plausibleRanges, validateVitalSigns, type VitalSign, type VitalSigns } from './vital-signs';
export { maxFreeTextLength, validateFreeText } from './free-text';
