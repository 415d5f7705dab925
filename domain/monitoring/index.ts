// Public surface of the monitoring context: remote check-ins, medication adherence, escalation
// rules and NEWS2.

export {
  MONITORING_EVENT_DEFINITIONS,
  type CheckInAnswered,
  type CheckInChannel,
  type CheckInMissed,
  type CheckInScheduled,
  type CheckInSent,
  type DoseConfirmed,
  type DoseMissed,
  type EscalationRaised,
  type MonitoringEvent,
  type MonitoringPlanStarted,
  type News2Scored,
} from './check-in-events';
export {
  CHECK_IN_SCHEDULES,
  MONITORED_CONDITIONS,
  monitoredConditionOf,
  monitoringVariables,
  validateAnswers,
  type AnswerFormat,
  type CheckInQuestion,
  type CheckInSchedule,
  type LocalizedText,
  type MonitoredCondition,
} from './check-in-schedules';
export {
  answerHistory,
  monitoringDecider,
  type CheckInRecord,
  type CheckInStatus,
  type MonitoringCommand,
  planCheckInId,
  type MonitoringPlan,
  type MonitoringState,
} from './check-ins';
export { ADHERENCE_WINDOW_DAYS, adherenceSeries, medicationAdherence, type Adherence, type DoseRecord } from './medication-adherence';
export {
  riskBand,
  scoreNews2,
  type Consciousness,
  type MonitoringFrequency,
  type News2Response,
  type News2Result,
  type News2RiskBand,
  type News2SubScores,
  type VitalSigns,
} from './news2';
export * from './rules';
export { NEWS2_ESCALATION_TOTAL, news2Events, VITAL_SIGN_QUESTIONS, vitalSignsOf } from './vital-signs';
