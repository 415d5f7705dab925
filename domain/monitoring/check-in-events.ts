// Events of a patient's remote monitoring stream: check-ins, medication doses and escalations.

import type { DomainEvent, EventDefinition } from '../shared/events';
import type { MonitoredCondition } from './check-in-schedules';
import type { AnswerValue, EscalationAction, EscalationPriority } from './rules';

export type CheckInChannel = 'sms' | 'app' | 'voice';

export type CheckInScheduled = DomainEvent<
  'CheckInScheduled',
  { checkInId: string; patientId: string; condition: MonitoredCondition; dueAt: string; answerBy: string; scheduledAt: string }
>;
export type CheckInSent = DomainEvent<'CheckInSent', { checkInId: string; channel: CheckInChannel; sentAt: string }>;
export type CheckInAnswered = DomainEvent<
  'CheckInAnswered',
  { checkInId: string; answers: Record<string, AnswerValue>; answeredAt: string; late: boolean }
>;
export type CheckInMissed = DomainEvent<'CheckInMissed', { checkInId: string; missedAt: string }>;
export type DoseConfirmed = DomainEvent<'DoseConfirmed', { doseId: string; medication: string; scheduledFor: string; confirmedAt: string }>;
export type DoseMissed = DomainEvent<'DoseMissed', { doseId: string; medication: string; scheduledFor: string; recordedAt: string }>;
export type EscalationRaised = DomainEvent<
  'EscalationRaised',
  {
    escalationId: string;
    patientId: string;
    checkInId: string;
    ruleId: string;
    action: EscalationAction;
    priority: EscalationPriority;
    raisedAt: string;
  }
>;

export type MonitoringEvent =
  | CheckInScheduled
  | CheckInSent
  | CheckInAnswered
  | CheckInMissed
  | DoseConfirmed
  | DoseMissed
  | EscalationRaised;

// Answers and medication names are PHI. Rule ids, actions and priorities are codes, so the
// alert topic can carry them.
export const MONITORING_EVENT_DEFINITIONS: EventDefinition<MonitoringEvent['type']>[] = [
  { type: 'CheckInScheduled', schemaVersion: 1, phiFields: [] },
  { type: 'CheckInSent', schemaVersion: 1, phiFields: [] },
  { type: 'CheckInAnswered', schemaVersion: 1, phiFields: ['answers'] },
  { type: 'CheckInMissed', schemaVersion: 1, phiFields: [] },
  { type: 'DoseConfirmed', schemaVersion: 1, phiFields: ['medication'] },
  { type: 'DoseMissed', schemaVersion: 1, phiFields: ['medication'] },
  { type: 'EscalationRaised', schemaVersion: 1, phiFields: [] },
];
