// The triage session aggregate. A patient starts with a complaint, answers its questions, may
// record vital signs, and is assessed. A patient, clinician or saga may escalate the session to a
// person once, before or after the assessment. Once assessed or escalated it takes no more input.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { validateAnswer } from './answers';
import { assessFindings, type TriageAssessment } from './assessment';
import type { AssessTriage, EscalateTriage, RecordVitalSigns, RespondToQuestion, StartTriage, TriageCommand } from './commands';
import type { RedFlagDetected, TriageEvent } from './events';
import type { TriageFindings } from './findings';
import { validateFreeText } from './free-text';
import { findQuestion, type Answer, type Locale } from './intake/catalogue';
import { firedRules } from './rules/evaluate';
import { validateStart } from './start';
import { validateVitalSigns, type VitalSigns } from './vital-signs';

/** Rule levels at or above this urgency raise a RedFlagDetected event as soon as they appear. */
const redFlagLevel = 2;

export type TriageStatus = 'not-started' | 'in-progress' | 'assessed' | 'escalated';

export interface TriageSession {
  status: TriageStatus;
  sessionId: string | null;
  patientId: string | null;
  locale: Locale;
  findings: TriageFindings | null;
  redFlags: readonly string[];
  assessment: TriageAssessment | null;
  assessedAt: string | null;
}

export const triageSessionDecider: Decider<TriageSession, TriageCommand, TriageEvent> = {
  initialState: () => ({
    status: 'not-started',
    sessionId: null,
    patientId: null,
    locale: 'en',
    findings: null,
    redFlags: [],
    assessment: null,
    assessedAt: null,
  }),
  decide,
  evolve,
};

function decide(state: TriageSession, command: TriageCommand): TriageEvent[] {
  switch (command.type) {
    case 'StartTriage':
      return start(state, command);
    case 'RespondToQuestion':
      return respond(state, command);
    case 'RecordVitalSigns':
      return recordVitals(state, command);
    case 'AssessTriage':
      return assess(state, command);
    case 'EscalateTriage':
      return escalate(state, command);
    default:
      return assertNever(command, 'triage command');
  }
}

function start(state: TriageSession, { data }: StartTriage): TriageEvent[] {
  if (state.status !== 'not-started') {
    throw new ConflictError(`triage session ${data.sessionId} has already started; send answers to it or start a new session id`);
  }
  return [{ type: 'TriageStarted', data: validateStart(data) }];
}

function respond(state: TriageSession, { data }: RespondToQuestion): TriageEvent[] {
  const findings = openFindings(state, data.sessionId, 'answer a question');
  const question = findQuestion(findings.complaintId, data.questionId);
  if (!question) {
    throw ValidationError.forField('questionId', `${data.questionId} is not a question of complaint ${findings.complaintId}; use one from the session's question list`);
  }
  const answer = validateAnswer(question, data.answer);

  const next = { ...findings, answers: { ...findings.answers, [data.questionId]: answer } };
  return [
    { type: 'SymptomReported', data: { sessionId: data.sessionId, questionId: data.questionId, answer, reportedAt: data.answeredAt } },
    ...newRedFlags(state, next, data.sessionId, data.answeredAt),
  ];
}

function recordVitals(state: TriageSession, { data }: RecordVitalSigns): TriageEvent[] {
  const findings = openFindings(state, data.sessionId, 'record vital signs');
  const vitals = validateVitalSigns(data.vitals);

  const next = { ...findings, vitals: { ...findings.vitals, ...vitals } };
  validateVitalSigns(next.vitals);
  return [
    { type: 'VitalSignsRecorded', data: { sessionId: data.sessionId, vitals, measuredAt: data.measuredAt, recordedAt: data.recordedAt } },
    ...newRedFlags(state, next, data.sessionId, data.recordedAt),
  ];
}

function assess(state: TriageSession, { data }: AssessTriage): TriageEvent[] {
  const findings = openFindings(state, data.sessionId, 'assess it');
  return [{ type: 'TriageAssessed', data: { sessionId: data.sessionId, assessedAt: data.assessedAt, assessment: assessFindings(findings, data.model) } }];
}

function escalate(state: TriageSession, { data }: EscalateTriage): TriageEvent[] {
  if (state.status === 'not-started') {
    throw new NotFoundError(`triage session ${data.sessionId} does not exist; start it before escalating`);
  }
  if (state.status === 'escalated') {
    throw new ConflictError(`triage session ${data.sessionId} is already escalated to a clinician`);
  }
  const reason = validateFreeText('reason', data.reason);
  return [
    {
      type: 'TriageEscalated',
      data: { sessionId: data.sessionId, escalatedAt: data.escalatedAt, requestedBy: data.requestedBy, reason, level: state.assessment?.level ?? null },
    },
  ];
}

/** Returns the findings of a session that still takes input, or throws 404/409. */
function openFindings(state: TriageSession, sessionId: string, action: string): TriageFindings {
  if (state.status === 'not-started' || !state.findings) {
    throw new NotFoundError(`triage session ${sessionId} does not exist; start it before trying to ${action}`);
  }
  if (state.status === 'assessed' || state.status === 'escalated') {
    throw new ConflictError(`triage session ${sessionId} is ${state.status} and cannot ${action}; start a new session for a new problem`);
  }
  return state.findings;
}

function newRedFlags(state: TriageSession, findings: TriageFindings, sessionId: string, detectedAt: string): RedFlagDetected[] {
  return firedRules(findings)
    .filter((rule) => rule.level <= redFlagLevel && !state.redFlags.includes(rule.ruleId))
    .map((rule) => ({ type: 'RedFlagDetected', data: { sessionId, ruleId: rule.ruleId, level: rule.level, detectedAt } }));
}

function evolve(state: TriageSession, event: TriageEvent): TriageSession {
  switch (event.type) {
    case 'TriageStarted': {
      const { sessionId, patientId, locale, age, sex, complaintId } = event.data;
      return { ...state, status: 'in-progress', sessionId, patientId, locale, findings: { complaintId, age, sex, answers: {}, vitals: {} } };
    }
    case 'SymptomReported':
      return withFindings(state, (findings) => ({ ...findings, answers: { ...findings.answers, [event.data.questionId]: event.data.answer as Answer } }));
    case 'VitalSignsRecorded':
      return withFindings(state, (findings) => ({ ...findings, vitals: { ...findings.vitals, ...(event.data.vitals as VitalSigns) } }));
    case 'RedFlagDetected':
      return { ...state, redFlags: [...state.redFlags, event.data.ruleId] };
    case 'TriageAssessed':
      return { ...state, status: 'assessed', assessment: event.data.assessment, assessedAt: event.data.assessedAt };
    case 'TriageEscalated':
      return { ...state, status: 'escalated' };
    default:
      return assertNever(event, 'triage event');
  }
}

function withFindings(state: TriageSession, change: (findings: TriageFindings) => TriageFindings): TriageSession {
  return state.findings ? { ...state, findings: change(state.findings) } : state;
}
