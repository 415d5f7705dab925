import { foldEvents } from '../shared/decider';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../shared/errors';
import type { TriageCommand } from './commands';
import type { TriageEvent } from './events';
import { startTriage, triageStarted } from './fixtures';
import { triageSessionDecider } from './session';

function given(events: TriageEvent[]) {
  const state = foldEvents(triageSessionDecider, events);
  return { when: (command: TriageCommand) => triageSessionDecider.decide(state, command) };
}

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const answer = (questionId: string, value: boolean | number | string): TriageCommand => ({
  type: 'RespondToQuestion',
  data: { sessionId: 'session-1', questionId, answer: value, answeredAt: '2026-01-05T10:01:00Z' },
});

const vitals = (values: Record<string, number>): TriageCommand => ({
  type: 'RecordVitalSigns',
  data: { sessionId: 'session-1', vitals: values, measuredAt: '2026-01-05T10:02:00Z', recordedAt: '2026-01-05T10:02:05Z' },
});

const assessCommand: TriageCommand = { type: 'AssessTriage', data: { sessionId: 'session-1', assessedAt: '2026-01-05T10:03:00Z' } };

const escalateCommand = (reason = 'The pain got much worse'): TriageCommand => ({
  type: 'EscalateTriage',
  data: { sessionId: 'session-1', escalatedAt: '2026-01-05T10:04:00Z', requestedBy: 'patient', reason },
});

describe('StartTriage', () => {
  it('starts with a selected complaint', () => {
    const events = given([]).when(startTriage());

    expect(events).toEqual([triageStarted()]);
  });

  it('classifies a French complaint text', () => {
    const [event] = given([]).when(startTriage({ complaintText: "J'ai très mal au ventre depuis hier" }));

    expect(event?.type).toBe('TriageStarted');
    expect(event?.data).toMatchObject({ complaintId: 'abdominal-pain', complaintSource: 'classified' });
  });

  it('rejects a second start with 409', () => {
    const error = thrown(() => given([triageStarted()]).when(startTriage()));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
  });

  it.each([
    ['age', { age: 12 }],
    ['age', { age: 40.5 }],
    ['complaintId', { complaintId: 'broken-heart' }],
    ['complaintText', { complaintText: '   ' }],
    ['complaintText', { complaintText: 'x'.repeat(20_000) }],
    ['complaintText', { complaintText: '?? ???' }],
    ['startedAt', { startedAt: 'yesterday' }],
  ])('rejects invalid %s', (field, options) => {
    const error = thrown(() => given([]).when(startTriage(options)));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.violations[0]?.field).toBe(field);
  });
});

describe('RespondToQuestion', () => {
  it('records the answer', () => {
    const events = given([triageStarted()]).when(answer('common.painScore', 3));

    expect(events).toEqual([
      { type: 'SymptomReported', data: { sessionId: 'session-1', questionId: 'common.painScore', answer: 3, reportedAt: '2026-01-05T10:01:00Z' } },
    ]);
  });

  it('raises a red flag once', () => {
    const first = given([triageStarted()]).when(answer('abdomen.rigidOrGuarding', true));
    const again = given([triageStarted(), ...first]).when(answer('abdomen.rigidOrGuarding', true));

    expect(first.map((event) => event.type)).toEqual(['SymptomReported', 'RedFlagDetected']);
    expect(first[1]?.data).toMatchObject({ ruleId: 'abdomen.peritonism', level: 2 });
    expect(again.map((event) => event.type)).toEqual(['SymptomReported']);
  });

  it.each([
    ['a completed session', [triageStarted(), { type: 'TriageAssessed', data: { sessionId: 'session-1', assessedAt: 'x', assessment: {} } }]],
    ['an escalated session', [triageStarted(), { type: 'TriageEscalated', data: { sessionId: 'session-1', escalatedAt: 'x', requestedBy: 'patient', reason: 'r', level: null } }]],
  ])('rejects answering %s with 409', (_, history) => {
    const error = thrown(() => given(history as TriageEvent[]).when(answer('common.painScore', 3)));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
  });

  it('rejects answering before start with 404', () => {
    const error = thrown(() => given([]).when(answer('common.painScore', 3)));

    expect(error).toBeInstanceOf(NotFoundError);
  });

  it.each([
    ['questionId', 'chest.cardiacFeatures', true],
    ['answer', 'common.painScore', 11],
    ['answer', 'common.painScore', 2.5],
    ['answer', 'common.breathing', 'gasping'],
    ['answer', 'abdomen.rigidOrGuarding', 'yes'],
    ['answer', 'common.details', ''],
    ['answer', 'common.details', 'a'.repeat(20_000)],
  ])('rejects invalid %s for %s', (field, questionId, value) => {
    const error = thrown(() => given([triageStarted()]).when(answer(questionId, value)));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.violations[0]?.field).toBe(field);
  });
});

describe('RecordVitalSigns', () => {
  it('records vital signs and flags a low saturation', () => {
    const events = given([triageStarted()]).when(vitals({ oxygenSaturation: 88, heartRate: 80 }));

    expect(events[0]).toEqual({
      type: 'VitalSignsRecorded',
      data: { sessionId: 'session-1', vitals: { oxygenSaturation: 88, heartRate: 80 }, measuredAt: '2026-01-05T10:02:00Z', recordedAt: '2026-01-05T10:02:05Z' },
    });
    expect(events.slice(1).map((event) => event.data)).toContainEqual(expect.objectContaining({ ruleId: 'respiratory.spo2-below-90', level: 1 }));
  });

  it.each([
    ['vitals.heartRate', { heartRate: 0 }, 'between 20 and 300'],
    ['vitals.heartRate', { heartRate: 400 }, 'between 20 and 300'],
    ['vitals.oxygenSaturation', { oxygenSaturation: 101 }, 'between 50 and 100'],
    ['vitals.temperature', { temperature: 60 }, 'between 30 and 45'],
    ['vitals.temperature', { temperature: 25 }, 'between 30 and 45'],
    ['vitals.respiratoryRate', { respiratoryRate: 0 }, 'between 4 and 80'],
    ['vitals.systolicPressure', { systolicPressure: 350 }, 'between 40 and 300'],
    ['vitals.diastolicPressure', { systolicPressure: 120, diastolicPressure: 130 }, 'lower than systolic'],
    ['vitals.glasgowComaScale', { glasgowComaScale: 2 }, 'between 3 and 15'],
    ['vitals.heartRate', { heartRate: 72.5 }, 'whole number'],
    ['vitals.pulse', { pulse: 70 }, 'not a vital sign'],
    ['vitals', {}, 'at least one'],
  ])('rejects %s in %j', (field, values, rule) => {
    const error = thrown(() => given([triageStarted()]).when(vitals(values)));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.violations[0]?.field).toBe(field);
    expect(error.violations[0]?.rule).toContain(rule);
  });

  it('checks diastolic against an earlier systolic', () => {
    const history = [triageStarted(), ...given([triageStarted()]).when(vitals({ systolicPressure: 100 }))];

    const error = thrown(() => given(history).when(vitals({ diastolicPressure: 110 })));

    expect(error.violations[0]?.field).toBe('vitals.diastolicPressure');
  });
});

describe('AssessTriage', () => {
  it('assesses from answers and vital signs', () => {
    const history = [triageStarted({ complaintId: 'chest-pain' })];
    const afterAnswer = [...history, ...given(history).when(answer('chest.cardiacFeatures', true))];

    const [event] = given(afterAnswer).when(assessCommand);

    expect(event?.type).toBe('TriageAssessed');
    const assessment = event?.type === 'TriageAssessed' ? event.data.assessment : undefined;
    expect(assessment?.level).toBe(2);
    expect(assessment?.urgency).toBe('urgent');
    expect(assessment?.action).toBe('emergency-department-now');
    expect(assessment?.decidedBy).toEqual(['chest.cardiac-features']);
    expect(assessment?.suggestedTests).toContain('ecg');
  });

  it('lets the model raise urgency and names it', () => {
    const [event] = given([triageStarted()]).when({ ...assessCommand, data: { ...assessCommand.data, model: { modelVersion: 'm1', level: 3 } } });

    const assessment = event?.type === 'TriageAssessed' ? event.data.assessment : undefined;
    expect(assessment?.rulesLevel).toBe(4);
    expect(assessment?.level).toBe(3);
    expect(assessment?.decidedBy).toEqual(['model:m1']);
  });

  it('never lets the model lower urgency', () => {
    const [event] = given([triageStarted({ complaintId: 'stroke-symptoms' })]).when({ ...assessCommand, data: { ...assessCommand.data, model: { modelVersion: 'm1', level: 5 } } });

    const assessment = event?.type === 'TriageAssessed' ? event.data.assessment : undefined;
    expect(assessment?.level).toBe(2);
    expect(assessment?.decidedBy).toEqual(['complaint.stroke-symptoms']);
  });

  it('rejects a second assessment with 409', () => {
    const history = [triageStarted(), ...given([triageStarted()]).when(assessCommand)];

    expect(thrown(() => given(history).when(assessCommand))).toBeInstanceOf(ConflictError);
  });
});

describe('EscalateTriage', () => {
  it('escalates an assessed session with its level', () => {
    const history = [triageStarted(), ...given([triageStarted()]).when(assessCommand)];

    const events = given(history).when(escalateCommand());

    expect(events).toEqual([
      { type: 'TriageEscalated', data: { sessionId: 'session-1', escalatedAt: '2026-01-05T10:04:00Z', requestedBy: 'patient', reason: 'The pain got much worse', level: 4 } },
    ]);
  });

  it('rejects a second escalation with 409', () => {
    const history = [triageStarted(), ...given([triageStarted()]).when(escalateCommand())];

    expect(thrown(() => given(history).when(escalateCommand()))).toBeInstanceOf(ConflictError);
  });

  it('rejects an empty reason', () => {
    const error = thrown(() => given([triageStarted()]).when(escalateCommand('  ')));

    expect(error.violations[0]?.field).toBe('reason');
  });
});
