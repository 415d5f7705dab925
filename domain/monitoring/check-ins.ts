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
import { news2Events } from './vital-signs';

export type CheckInStatus = 'scheduled' | 'sent' | 'answered' | 'missed';

export interface CheckInRecord {
  checkInId: string;
  condition: MonitoredCondition;
  status: CheckInStatus;
  dueAt: string;
  answerBy: string;
  /** Stays true once sent, also after the check-in is missed. */
  sent: boolean;
  planId: string | null;
  journeyId: string | null;
}

export interface MonitoringPlan {
  planId: string;
  journeyId: string;
  condition: MonitoredCondition;
  startedAt: string;
  endsAt: string;
}

export interface MonitoringState {
  patientId: string | null;
  plans: Record<string, MonitoringPlan>;
  checkIns: Record<string, CheckInRecord>;
  /** Answers per question id, in the order recorded. */
  answers: Record<string, TimedAnswer[]>;
  doses: DoseRecord[];
  escalationIds: string[];
}

export type MonitoringCommand =
  | { type: 'StartMonitoringPlan'; planId: string; patientId: string; journeyId: string; conditionCode: string; condition: MonitoredCondition; startedAt: string }
  | {
      type: 'ScheduleCheckIn';
      checkInId: string;
      patientId: string;
      condition: MonitoredCondition;
      dueAt: string;
      scheduledAt: string;
      /** The plan the check-in belongs to; its journey is carried on the answers and escalations. */
      planId?: string;
    }
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
  initialState: () => ({ patientId: null, plans: {}, checkIns: {}, answers: {}, doses: [], escalationIds: [] }),
  decide: decideMonitoring,
  evolve: evolveMonitoring,
};

function decideMonitoring(state: MonitoringState, command: MonitoringCommand): MonitoringEvent[] {
  switch (command.type) {
    case 'StartMonitoringPlan':
      return startPlan(state, command);
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

/** Starts the plan and schedules its first check-in one schedule interval after the start. */
function startPlan(state: MonitoringState, command: Extract<MonitoringCommand, { type: 'StartMonitoringPlan' }>): MonitoringEvent[] {
  requireTime(command.startedAt, 'startedAt');
  requireOwner(state, command.patientId);

  const existing = state.plans[command.planId];
  if (existing) {
    if (existing.journeyId === command.journeyId && existing.condition === command.condition) {
      return [];
    }
    throw new ConflictError(`monitoring plan ${command.planId} already runs for journey ${existing.journeyId} (${existing.condition}); use a new plan id`);
  }

  const { planId, patientId, journeyId, condition, conditionCode, startedAt } = command;
  const schedule = CHECK_IN_SCHEDULES[condition];
  const endsAt = new Date(Date.parse(startedAt) + schedule.planDays * 24 * HOUR_MS).toISOString();
  const started: MonitoringEvent = { type: 'MonitoringPlanStarted', data: { planId, patientId, journeyId, condition, conditionCode, startedAt, endsAt } };
  const firstDueAt = new Date(Date.parse(startedAt) + schedule.everyHours * HOUR_MS).toISOString();
  const first = scheduleCheckIn(evolveMonitoring(state, started), {
    type: 'ScheduleCheckIn',
    checkInId: planCheckInId(planId, 1),
    patientId,
    condition,
    dueAt: firstDueAt,
    scheduledAt: startedAt,
    planId,
  });
  return [started, ...first];
}

/** Check-ins of a plan are numbered from 1, so a timer can name the next one without a lookup. */
export function planCheckInId(planId: string, sequence: number): string {
  return `${planId}.${sequence}`;
}

function scheduleCheckIn(state: MonitoringState, command: Extract<MonitoringCommand, { type: 'ScheduleCheckIn' }>): MonitoringEvent[] {
  requireTime(command.dueAt, 'dueAt');
  requireOwner(state, command.patientId);
  const plan = command.planId === undefined ? undefined : state.plans[command.planId];
  if (command.planId !== undefined && !plan) {
    throw new NotFoundError(`monitoring plan ${command.planId} was never started for patient ${command.patientId}`);
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
  const ofPlan = plan ? { planId: plan.planId, journeyId: plan.journeyId } : {};
  return [{ type: 'CheckInScheduled', data: { checkInId, patientId, condition, dueAt, answerBy, scheduledAt, ...ofPlan } }];
}

function requireOwner(state: MonitoringState, patientId: string): void {
  if (state.patientId !== null && state.patientId !== patientId) {
    throw new ConflictError(`this monitoring stream belongs to patient ${state.patientId}, not ${patientId}`);
  }
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
    throw new ConflictError(`check-in ${checkIn.checkInId} was never sent (it is ${checkIn.status}), so it cannot have been answered; answer it once it is sent`, [], {
      checkInId: checkIn.checkInId,
      status: checkIn.status,
    });
  }
  if (checkIn.status === 'answered') {
    throw new ConflictError(`check-in ${checkIn.checkInId} is already answered; a correction needs a new check-in`);
  }
  validateAnswers(checkIn.condition, command.answers);

  const patientId = state.patientId ?? '';
  const answered: MonitoringEvent = {
    type: 'CheckInAnswered',
    data: {
      checkInId: checkIn.checkInId,
      patientId,
      journeyId: checkIn.journeyId,
      answers: command.answers,
      answeredAt: command.answeredAt,
      late: checkIn.status === 'missed',
    },
  };
  const news2 = news2Events({ checkInId: checkIn.checkInId, patientId, journeyId: checkIn.journeyId }, command.answers, command.answeredAt);
  return [answered, ...news2, ...raiseEscalations(state, command, answered)];
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
      journeyId: state.checkIns[command.checkInId]?.journeyId ?? null,
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
    case 'MonitoringPlanStarted': {
      const { planId, patientId, journeyId, condition, startedAt, endsAt } = event.data;
      return { ...state, patientId, plans: { ...state.plans, [planId]: { planId, journeyId, condition, startedAt, endsAt } } };
    }
    case 'CheckInScheduled': {
      const { checkInId, condition, dueAt, answerBy, patientId } = event.data;
      const record: CheckInRecord = {
        checkInId,
        condition,
        dueAt,
        answerBy,
        status: 'scheduled',
        sent: false,
        planId: event.data.planId ?? null,
        journeyId: event.data.journeyId ?? null,
      };
      return { ...state, patientId, checkIns: { ...state.checkIns, [checkInId]: record } };
    }
    case 'CheckInSent':
      return withStatus(state, event.data.checkInId, 'sent', { sent: true });
    case 'CheckInMissed':
      return withStatus(state, event.data.checkInId, 'missed');
    case 'CheckInAnswered':
      return { ...withStatus(state, event.data.checkInId, 'answered'), answers: appendAnswers(state.answers, event.data) };
    case 'News2Scored':
      return state;
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
