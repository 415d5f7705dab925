// The remote monitoring aggregate: one stream per patient enrolment, holding its check-ins, the
// answers, the medication doses and the escalations raised from them.
//
// A check-in moves scheduled -> sent -> answered, or -> missed once its answer window has passed.
// A late answer to a missed check-in is still recorded (flagged late), because discarding what a
// patient reported would hide a deterioration. Repeating a command that already took effect
// returns no events, so a redelivered message changes nothing.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { CheckInChannel, MonitoringEvent } from './check-in-events';
import { CHECK_IN_SCHEDULES, validateAnswers, type MonitoredCondition } from './check-in-schedules';
import { adherenceSeries, type DoseRecord } from './medication-adherence';
import { fireEscalationRules, type AnswerHistory, type AnswerValue, type EscalationRuleSet, type TimedAnswer } from './rules';

export type CheckInStatus = 'scheduled' | 'sent' | 'answered' | 'missed';

export interface CheckInRecord {
  checkInId: string;
  condition: MonitoredCondition;
  status: CheckInStatus;
  dueAt: string;
  answerBy: string;
  /** Stays true once sent, also after the check-in is missed. */
  sent: boolean;
}

export interface MonitoringState {
  patientId: string | null;
  checkIns: Record<string, CheckInRecord>;
  /** Answers per question id, in the order recorded. */
  answers: Record<string, TimedAnswer[]>;
  doses: DoseRecord[];
  escalationIds: string[];
}

export type MonitoringCommand =
  | { type: 'ScheduleCheckIn'; checkInId: string; patientId: string; condition: MonitoredCondition; dueAt: string; scheduledAt: string }
  | { type: 'SendCheckIn'; checkInId: string; channel: CheckInChannel; sentAt: string }
  | {
      type: 'RecordCheckInAnswers';
      checkInId: string;
      answers: Record<string, AnswerValue>;
      answeredAt: string;
      /** The rules to run over the updated history; none means no escalation is checked. */
      escalationRules?: EscalationRuleSet;
    }
  | { type: 'MarkCheckInMissed'; checkInId: string; now: string }
  | { type: 'ConfirmDose'; doseId: string; medication: string; scheduledFor: string; confirmedAt: string }
  | { type: 'RecordMissedDose'; doseId: string; medication: string; scheduledFor: string; recordedAt: string };

const HOUR_MS = 3_600_000;

export const monitoringDecider: Decider<MonitoringState, MonitoringCommand, MonitoringEvent> = {
  initialState: () => ({ patientId: null, checkIns: {}, answers: {}, doses: [], escalationIds: [] }),
  decide: decideMonitoring,
  evolve: evolveMonitoring,
};

function decideMonitoring(state: MonitoringState, command: MonitoringCommand): MonitoringEvent[] {
  switch (command.type) {
    case 'ScheduleCheckIn':
      return scheduleCheckIn(state, command);
    case 'SendCheckIn':
      return sendCheckIn(state, command);
    case 'RecordCheckInAnswers':
      return recordAnswers(state, command);
    case 'MarkCheckInMissed':
      return markMissed(state, command);
    case 'ConfirmDose':
    case 'RecordMissedDose':
      return recordDose(state, command);
    default:
      return assertNever(command, 'monitoring command');
  }
}

function scheduleCheckIn(state: MonitoringState, command: Extract<MonitoringCommand, { type: 'ScheduleCheckIn' }>): MonitoringEvent[] {
  requireTime(command.dueAt, 'dueAt');
  if (state.patientId !== null && state.patientId !== command.patientId) {
    throw new ConflictError(`this monitoring stream belongs to patient ${state.patientId}, not ${command.patientId}`);
  }

  const existing = state.checkIns[command.checkInId];
  if (existing) {
    if (existing.condition === command.condition && existing.dueAt === command.dueAt) {
      return [];
    }
    throw new ConflictError(`check-in ${command.checkInId} is already scheduled for ${existing.condition} at ${existing.dueAt}; use a new id`);
  }

  const windowHours = CHECK_IN_SCHEDULES[command.condition].answerWindowHours;
  const answerBy = new Date(Date.parse(command.dueAt) + windowHours * HOUR_MS).toISOString();
  const { checkInId, patientId, condition, dueAt, scheduledAt } = command;
  return [{ type: 'CheckInScheduled', data: { checkInId, patientId, condition, dueAt, answerBy, scheduledAt } }];
}

function sendCheckIn(state: MonitoringState, command: Extract<MonitoringCommand, { type: 'SendCheckIn' }>): MonitoringEvent[] {
  const checkIn = findCheckIn(state, command.checkInId);

  if (checkIn.status === 'sent') {
    return [];
  }
  if (checkIn.status !== 'scheduled') {
    throw new ConflictError(`check-in ${checkIn.checkInId} is ${checkIn.status}; it can no longer be sent`);
  }
  return [{ type: 'CheckInSent', data: { checkInId: checkIn.checkInId, channel: command.channel, sentAt: command.sentAt } }];
}

function recordAnswers(state: MonitoringState, command: Extract<MonitoringCommand, { type: 'RecordCheckInAnswers' }>): MonitoringEvent[] {
  const checkIn = findCheckIn(state, command.checkInId);
  requireTime(command.answeredAt, 'answeredAt');

  if (!checkIn.sent) {
    throw new ConflictError(`check-in ${checkIn.checkInId} was never sent, so it cannot have been answered; send it first`);
  }
  if (checkIn.status === 'answered') {
    throw new ConflictError(`check-in ${checkIn.checkInId} is already answered; a correction needs a new check-in`);
  }
  validateAnswers(checkIn.condition, command.answers);

  const answered: MonitoringEvent = {
    type: 'CheckInAnswered',
    data: { checkInId: checkIn.checkInId, answers: command.answers, answeredAt: command.answeredAt, late: checkIn.status === 'missed' },
  };
  return [answered, ...raiseEscalations(state, command, answered)];
}

function raiseEscalations(
  state: MonitoringState,
  command: Extract<MonitoringCommand, { type: 'RecordCheckInAnswers' }>,
  answered: MonitoringEvent,
): MonitoringEvent[] {
  if (!command.escalationRules) {
    return [];
  }

  const after = evolveMonitoring(state, answered);
  const fired = fireEscalationRules(command.escalationRules, answerHistory(after), command.answeredAt);
  return fired.map((rule) => ({
    type: 'EscalationRaised',
    data: {
      escalationId: `${command.checkInId}:${rule.ruleId}`,
      patientId: state.patientId ?? '',
      checkInId: command.checkInId,
      ruleId: rule.ruleId,
      action: rule.action,
      priority: rule.priority,
      raisedAt: command.answeredAt,
    },
  }));
}

function markMissed(state: MonitoringState, command: Extract<MonitoringCommand, { type: 'MarkCheckInMissed' }>): MonitoringEvent[] {
  const checkIn = findCheckIn(state, command.checkInId);

  if (checkIn.status === 'missed') {
    return [];
  }
  if (checkIn.status === 'answered') {
    throw new ConflictError(`check-in ${checkIn.checkInId} is answered, so it cannot be missed`);
  }
  if (Date.parse(requireTime(command.now, 'now')) < Date.parse(checkIn.answerBy)) {
    throw new ConflictError(`check-in ${checkIn.checkInId} can be answered until ${checkIn.answerBy}; mark it missed after that`);
  }
  return [{ type: 'CheckInMissed', data: { checkInId: checkIn.checkInId, missedAt: command.now } }];
}

function recordDose(
  state: MonitoringState,
  command: Extract<MonitoringCommand, { type: 'ConfirmDose' | 'RecordMissedDose' }>,
): MonitoringEvent[] {
  requireTime(command.scheduledFor, 'scheduledFor');
  const taken = command.type === 'ConfirmDose';

  const existing = state.doses.find((dose) => dose.doseId === command.doseId);
  if (existing) {
    if (existing.taken === taken) {
      return [];
    }
    const recorded = existing.taken ? 'confirmed' : 'missed';
    throw new ConflictError(`dose ${command.doseId} is already recorded as ${recorded}; record a correction as a new dose`);
  }

  const { doseId, medication, scheduledFor } = command;
  return command.type === 'ConfirmDose'
    ? [{ type: 'DoseConfirmed', data: { doseId, medication, scheduledFor, confirmedAt: command.confirmedAt } }]
    : [{ type: 'DoseMissed', data: { doseId, medication, scheduledFor, recordedAt: command.recordedAt } }];
}

function evolveMonitoring(state: MonitoringState, event: MonitoringEvent): MonitoringState {
  switch (event.type) {
    case 'CheckInScheduled': {
      const { checkInId, condition, dueAt, answerBy, patientId } = event.data;
      const record: CheckInRecord = { checkInId, condition, dueAt, answerBy, status: 'scheduled', sent: false };
      return { ...state, patientId, checkIns: { ...state.checkIns, [checkInId]: record } };
    }
    case 'CheckInSent':
      return withStatus(state, event.data.checkInId, 'sent', { sent: true });
    case 'CheckInMissed':
      return withStatus(state, event.data.checkInId, 'missed');
    case 'CheckInAnswered':
      return { ...withStatus(state, event.data.checkInId, 'answered'), answers: appendAnswers(state.answers, event.data) };
    case 'DoseConfirmed':
    case 'DoseMissed': {
      const { doseId, medication, scheduledFor } = event.data;
      return { ...state, doses: [...state.doses, { doseId, medication, scheduledFor, taken: event.type === 'DoseConfirmed' }] };
    }
    case 'EscalationRaised':
      return { ...state, escalationIds: [...state.escalationIds, event.data.escalationId] };
    default:
      return assertNever(event, 'monitoring event');
  }
}

/** The history escalation rules read: every answer, plus the derived medication_adherence_pct. */
export function answerHistory(state: MonitoringState): AnswerHistory {
  return { ...state.answers, medication_adherence_pct: adherenceSeries(state.doses) };
}

function appendAnswers(
  answers: Record<string, TimedAnswer[]>,
  data: { answers: Record<string, AnswerValue>; answeredAt: string },
): Record<string, TimedAnswer[]> {
  const next = { ...answers };
  for (const [questionId, value] of Object.entries(data.answers)) {
    next[questionId] = [...(next[questionId] ?? []), { answeredAt: data.answeredAt, value }];
  }
  return next;
}

function withStatus(state: MonitoringState, checkInId: string, status: CheckInStatus, change: Partial<CheckInRecord> = {}): MonitoringState {
  const record = state.checkIns[checkInId];
  if (!record) {
    return state;
  }
  return { ...state, checkIns: { ...state.checkIns, [checkInId]: { ...record, ...change, status } } };
}

function findCheckIn(state: MonitoringState, checkInId: string): CheckInRecord {
  const checkIn = state.checkIns[checkInId];
  if (!checkIn) {
    throw new NotFoundError(`check-in ${checkInId} was never scheduled for this patient`);
  }
  return checkIn;
}

function requireTime(value: string, field: string): string {
  if (Number.isNaN(Date.parse(value))) {
    throw ValidationError.forField(field, `must be an ISO 8601 timestamp, found '${value}'`);
  }
  return value;
}
