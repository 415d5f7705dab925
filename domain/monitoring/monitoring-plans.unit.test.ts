import fc from 'fast-check';

import { foldEvents } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { MonitoringEvent } from './check-in-events';
import { monitoredConditionOf } from './check-in-schedules';
import { monitoringDecider, type MonitoringCommand } from './check-ins';
import { scoreNews2 } from './news2';
import { vitalSignsOf } from './vital-signs';

// Monitoring plans, the journey carried on answers and escalations, and the NEWS2 escalation
// from answered vital signs, as given events / when command / then events.

function given(...events: MonitoringEvent[]) {
  const state = foldEvents(monitoringDecider, events);
  return {
    when: (command: MonitoringCommand) => ({
      then: (expected: MonitoringEvent[]) => expect(monitoringDecider.decide(state, command)).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message: RegExp) => {
        expect(() => monitoringDecider.decide(state, command)).toThrow(error);
        expect(() => monitoringDecider.decide(state, command)).toThrow(message);
      },
      events: () => monitoringDecider.decide(state, command),
    }),
  };
}

const start: MonitoringCommand = {
  type: 'StartMonitoringPlan',
  planId: 'plan-1',
  patientId: 'patient-7',
  journeyId: 'journey-3',
  conditionCode: 'J44.1',
  condition: 'copd',
  startedAt: '2025-03-10T08:00:00.000Z',
};

const planStarted: MonitoringEvent = {
  type: 'MonitoringPlanStarted',
  data: { planId: 'plan-1', patientId: 'patient-7', journeyId: 'journey-3', condition: 'copd', conditionCode: 'J44.1', startedAt: '2025-03-10T08:00:00.000Z', endsAt: '2025-04-09T08:00:00.000Z' },
};
const firstScheduled: MonitoringEvent = {
  type: 'CheckInScheduled',
  data: {
    checkInId: 'plan-1.1',
    patientId: 'patient-7',
    condition: 'copd',
    dueAt: '2025-03-11T08:00:00.000Z',
    answerBy: '2025-03-11T20:00:00.000Z',
    scheduledAt: '2025-03-10T08:00:00.000Z',
    planId: 'plan-1',
    journeyId: 'journey-3',
  },
};
const firstSent: MonitoringEvent = { type: 'CheckInSent', data: { checkInId: 'plan-1.1', channel: 'sms', sentAt: '2025-03-11T08:00:00.000Z' } };

const HEALTHY = { respiratory_rate: 16, spo2: 97, on_supplemental_oxygen: false, systolic_bp: 125, pulse_bpm: 72, new_confusion: false, temperature_c: 36.8 };

function answer(answers: Record<string, number | boolean>): MonitoringCommand {
  return { type: 'RecordCheckInAnswers', checkInId: 'plan-1.1', answers, answeredAt: '2025-03-11T09:00:00.000Z' };
}

describe('StartMonitoringPlan', () => {
  it('starts the plan and schedules its first check-in one interval later', () => {
    given().when(start).then([planStarted, firstScheduled]);
  });

  it('records nothing when the same plan is started again', () => {
    given(planStarted, firstScheduled).when(start).then([]);
  });

  it('refuses a plan id already used for another journey', () => {
    given(planStarted, firstScheduled)
      .when({ ...start, journeyId: 'journey-9' })
      .thenThrows(ConflictError, /already runs for journey journey-3/);
  });

  it('refuses a plan for another patient on this stream', () => {
    given(planStarted).when({ ...start, planId: 'plan-2', patientId: 'patient-8' }).thenThrows(ConflictError, /belongs to patient patient-7/);
  });

  it('refuses a check-in for a plan never started', () => {
    given(planStarted)
      .when({ type: 'ScheduleCheckIn', checkInId: 'plan-9.1', patientId: 'patient-7', condition: 'copd', dueAt: '2025-03-11T08:00:00.000Z', scheduledAt: '2025-03-10T08:00:00.000Z', planId: 'plan-9' })
      .thenThrows(NotFoundError, /plan plan-9 was never started/);
  });
});

describe('answers of a plan check-in', () => {
  it('scores NEWS2 and carries the journey', () => {
    given(planStarted, firstScheduled, firstSent)
      .when(answer(HEALTHY))
      .then([
        { type: 'CheckInAnswered', data: { checkInId: 'plan-1.1', patientId: 'patient-7', journeyId: 'journey-3', answers: HEALTHY, answeredAt: '2025-03-11T09:00:00.000Z', late: false } },
        { type: 'News2Scored', data: { checkInId: 'plan-1.1', patientId: 'patient-7', journeyId: 'journey-3', total: 0, band: 'low', redScore: false, scoredAt: '2025-03-11T09:00:00.000Z' } },
      ]);
  });

  it('does not score NEWS2 when a vital sign is missing', () => {
    const { pulse_bpm: _missing, ...partial } = HEALTHY;

    const events = given(planStarted, firstScheduled, firstSent).when(answer(partial)).events();

    expect(events.map((event) => event.type)).toEqual(['CheckInAnswered']);
  });

  it('alerts on a single red score', () => {
    const events = given(planStarted, firstScheduled, firstSent).when(answer({ ...HEALTHY, new_confusion: true })).events();

    expect(events[2]).toEqual({
      type: 'EscalationRaised',
      data: {
        escalationId: 'plan-1.1:news2',
        patientId: 'patient-7',
        journeyId: 'journey-3',
        checkInId: 'plan-1.1',
        ruleId: 'news2',
        action: 'ALERT_PROVIDER',
        priority: 'high',
        raisedAt: '2025-03-11T09:00:00.000Z',
      },
    });
  });

  it('rejects an answer before sending', () => {
    const state = foldEvents(monitoringDecider, [planStarted, firstScheduled]);

    const refusal = (() => {
      try {
        return monitoringDecider.decide(state, answer(HEALTHY));
      } catch (error) {
        return error;
      }
    })();

    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).message).toContain('(it is scheduled)');
    expect((refusal as ConflictError).extensions).toEqual({ checkInId: 'plan-1.1', status: 'scheduled' });
  });

  const vitals = fc.record({
    respiratory_rate: fc.integer({ min: 4, max: 60 }),
    spo2: fc.integer({ min: 50, max: 100 }),
    on_supplemental_oxygen: fc.boolean(),
    systolic_bp: fc.integer({ min: 40, max: 300 }),
    pulse_bpm: fc.integer({ min: 20, max: 250 }),
    new_confusion: fc.boolean(),
    temperature_c: fc.integer({ min: 300, max: 430 }).map((tenths) => tenths / 10),
  });

  it('escalates on NEWS2 triggers only', () => {
    fc.assert(
      fc.property(vitals, (answers) => {
        const events = given(planStarted, firstScheduled, firstSent).when(answer(answers)).events();
        const { total, subScores } = scoreNews2(vitalSignsOf(answers)!);
        const shouldEscalate = total >= 5 || Object.values(subScores).some((score) => score === 3);

        const escalation = events.find((event) => event.type === 'EscalationRaised');
        expect(escalation !== undefined).toBe(shouldEscalate);
        if (escalation?.type === 'EscalationRaised') {
          expect(escalation.data.action).toBe(total >= 5 ? 'URGENT_CALLBACK' : 'ALERT_PROVIDER');
          expect(escalation.data.priority).toBe(total >= 7 ? 'critical' : 'high');
        }
      }),
    );
  });
});

describe('monitoredConditionOf', () => {
  it.each([
    ['heart-failure', 'heart-failure'],
    ['I50.9', 'heart-failure'],
    ['E11', 'diabetes'],
    ['j44.1', 'copd'],
    ['Z48.8', 'post-operative'],
  ])('reads %s as %s', (code, condition) => {
    expect(monitoredConditionOf(code)).toBe(condition);
  });

  it('refuses an unknown code, naming the known ones', () => {
    expect(() => monitoredConditionOf('K35')).toThrow(ValidationError);
    expect(() => monitoredConditionOf('K35')).toThrow(/conditionCode: must name a monitored condition .*I50.*found 'K35'/);
  });
});
