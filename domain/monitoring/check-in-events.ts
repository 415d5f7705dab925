// Events of a patient's remote monitoring stream: check-ins, medication doses and escalations.

import type { DomainEvent, EventDefinition } from '../shared/events';
import type { MonitoredCondition } from './check-in-schedules';
import type { News2RiskBand } from './news2';
import type { AnswerValue, EscalationAction, EscalationPriority } from './rules';

export type CheckInChannel = 'sms' | 'app' | 'voice';

export type MonitoringPlanStarted = DomainEvent<
  'MonitoringPlanStarted',
  { planId: string; patientId: string; journeyId: string; condition: MonitoredCondition; conditionCode: string; startedAt: string; endsAt: string }
>;
export type CheckInScheduled = DomainEvent<
  'CheckInScheduled',
  {
    checkInId: string;
    patientId: string;
    condition: MonitoredCondition;
    dueAt: string;
    answerBy: string;
    scheduledAt: string;
    /** Set for a check-in of a monitoring plan; a check-in scheduled on its own has none. */
    planId?: string;
    journeyId?: string;
  }
>;
export type CheckInSent = DomainEvent<'CheckInSent', { checkInId: string; channel: CheckInChannel; sentAt: string }>;
export type CheckInAnswered = DomainEvent<
  'CheckInAnswered',
  { checkInId: string; patientId: string; journeyId: string | null; answers: Record<string, AnswerValue>; answeredAt: string; late: boolean }
>;
/** A NEWS2 score computed from the vital signs answered in one check-in. */
export type News2Scored = DomainEvent<
  'News2Scored',
  { checkInId: string; patientId: string; journeyId: string | null; total: number; band: News2RiskBand; redScore: boolean; scoredAt: string }
>;
export type CheckInMissed = DomainEvent<'CheckInMissed', { checkInId: string; missedAt: string }>;
export type DoseConfirmed = DomainEvent<'DoseConfirmed', { doseId: string; medication: string; scheduledFor: string; confirmedAt: string }>;
export type DoseMissed = DomainEvent<'DoseMissed', { doseId: string; medication: string; scheduledFor: string; recordedAt: string }>;
export type EscalationRaised = DomainEvent<
  'EscalationRaised',
  {
    escalationId: string;
    patientId: string;
    journeyId: string | null;
    checkInId: string;
    ruleId: string;
    action: EscalationAction;
    priority: EscalationPriority;
    raisedAt: string;
  }
>;

export type MonitoringEvent =
  | MonitoringPlanStarted
  | CheckInScheduled
  | CheckInSent
  | CheckInAnswered
  | CheckInMissed
  | News2Scored
  | DoseConfirmed
  | DoseMissed
  | EscalationRaised;

// Answers, NEWS2 scores and medication names are PHI. Rule ids, actions and priorities are codes, so the
// alert topic can carry them.
export const MONITORING_EVENT_DEFINITIONS: EventDefinition<MonitoringEvent['type']>[] = [
  { type: 'MonitoringPlanStarted', schemaVersion: 1, phiFields: [] },
  { type: 'CheckInScheduled', schemaVersion: 1, phiFields: [] },
  { type: 'CheckInSent', schemaVersion: 1, phiFields: [] },
  { type: 'CheckInAnswered', schemaVersion: 1, phiFields: ['answers'] },
  { type: 'CheckInMissed', schemaVersion: 1, phiFields: [] },
  { type: 'News2Scored', schemaVersion: 1, phiFields: ['total', 'band', 'redScore'] },
  { type: 'DoseConfirmed', schemaVersion: 1, phiFields: ['medication'] },
  { type: 'DoseMissed', schemaVersion: 1, phiFields: ['medication'] },
  { type: 'EscalationRaised', schemaVersion: 1, phiFields: [] },
];
