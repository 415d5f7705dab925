import fc from 'fast-check';

import { foldEvents } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { MonitoringEvent } from './check-in-events';
import { monitoringVariables } from './check-in-schedules';
import { answerHistory, monitoringDecider, type MonitoringCommand } from './check-ins';
import { loadEscalationRules } from './rules';

function given(...events: MonitoringEvent[]) {
  const state = foldEvents(monitoringDecider, events);
  return {
    when: (command: MonitoringCommand) => ({
      then: (expected: MonitoringEvent[]) => expect(monitoringDecider.decide(state, command)).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message: RegExp) => {
        expect(() => monitoringDecider.decide(state, command)).toThrow(error);
        expect(() => monitoringDecider.decide(state, command)).toThrow(message);
      },
    }),
  };
}

const scheduled: MonitoringEvent = {
  type: 'CheckInScheduled',
  data: {
    checkInId: 'ci-1',
    patientId: 'patient-7',
    condition: 'heart-failure',
    dueAt: '2025-03-10T08:00:00.000Z',
    answerBy: '2025-03-10T20:00:00.000Z',
    scheduledAt: '2025-03-09T08:00:00.000Z',
  },
};
const sent: MonitoringEvent = { type: 'CheckInSent', data: { checkInId: 'ci-1', channel: 'sms', sentAt: '2025-03-10T08:00:00.000Z' } };

const RULES = loadEscalationRules(
  `version: 1
rules:
  - id: chest-pain
    condition: "chest_pain == true"
    action: URGENT_CALLBACK
    priority: critical
  - id: low-adherence
    condition: "medication_adherence_pct < 60 FOR 3 days"
    action: PATIENT_EDUCATION_OUTREACH
    priority: medium
`,
  { knownVariables: monitoringVariables() },
);

describe('ScheduleCheckIn', () => {
  it('schedules with the answer window of the condition', () => {
    given().when({
      type: 'ScheduleCheckIn',
      checkInId: 'ci-1',
      patientId: 'patient-7',
      condition: 'heart-failure',
      dueAt: '2025-03-10T08:00:00.000Z',
      scheduledAt: '2025-03-09T08:00:00.000Z',
    }).then([scheduled]);
  });

  it('ignores an identical repeat and rejects a different one', () => {
    const repeat: MonitoringCommand = {
      type: 'ScheduleCheckIn',
      checkInId: 'ci-1',
      patientId: 'patient-7',
      condition: 'heart-failure',
      dueAt: '2025-03-10T08:00:00.000Z',
      scheduledAt: '2025-03-09T09:00:00.000Z',
    };

    given(scheduled).when(repeat).then([]);
    given(scheduled).when({ ...repeat, condition: 'copd' }).thenThrows(ConflictError, /already scheduled for heart-failure/);
  });
});

describe('RecordCheckInAnswers', () => {
  const answer: MonitoringCommand = {
    type: 'RecordCheckInAnswers',
    checkInId: 'ci-1',
    answers: { weight_kg: 81.2, chest_pain: false },
    answeredAt: '2025-03-10T09:00:00.000Z',
  };

  it('records answers to a sent check-in', () => {
    given(scheduled, sent).when(answer).then([
      {
        type: 'CheckInAnswered',
        data: { checkInId: 'ci-1', patientId: 'patient-7', journeyId: null, answers: { weight_kg: 81.2, chest_pain: false }, answeredAt: '2025-03-10T09:00:00.000Z', late: false },
      },
    ]);
  });

  it('rejects an answer to a check-in that was never sent', () => {
    given(scheduled).when(answer).thenThrows(ConflictError, /ci-1 was never sent/);
  });

  it('rejects an answer to a check-in missed without being sent', () => {
    const missed: MonitoringEvent = { type: 'CheckInMissed', data: { checkInId: 'ci-1', missedAt: '2025-03-10T20:00:00.000Z' } };

    given(scheduled, missed).when(answer).thenThrows(ConflictError, /ci-1 was never sent/);
  });

  it('rejects an answer to an unknown check-in', () => {
    given().when(answer).thenThrows(NotFoundError, /check-in ci-1 was never scheduled/);
  });

  it('rejects a second answer', () => {
    const answered: MonitoringEvent = {
      type: 'CheckInAnswered',
      data: { checkInId: 'ci-1', patientId: 'patient-7', journeyId: null, answers: { chest_pain: false }, answeredAt: '2025-03-10T09:00:00.000Z', late: false },
    };

    given(scheduled, sent, answered).when(answer).thenThrows(ConflictError, /already answered/);
  });

  it('records a late answer to a missed check-in', () => {
    const missed: MonitoringEvent = { type: 'CheckInMissed', data: { checkInId: 'ci-1', missedAt: '2025-03-10T20:00:00.000Z' } };

    const events = monitoringDecider.decide(foldEvents(monitoringDecider, [scheduled, sent, missed]), answer);

    expect(events).toEqual([expect.objectContaining({ type: 'CheckInAnswered', data: expect.objectContaining({ late: true }) })]);
  });

  it.each([
    [{ weight_kg: 400 }, /answers.weight_kg: must be a number of kg from 25 to 300/],
    [{ shortness_of_breath: 2.5 }, /answers.shortness_of_breath: must be a whole number from 0 to 4/],
    [{ ankle_swelling: 'yes' }, /answers.ankle_swelling: must be true or false/],
    [{ fasting_glucose_mmol_l: 7 }, /is not a question of the heart-failure check-in/],
    [{}, /must answer at least one question/],
  ])('rejects invalid answers %p', (answers, message) => {
    given(scheduled, sent).when({ ...answer, answers } as MonitoringCommand).thenThrows(ValidationError, message);
  });

  it('raises an escalation with a deterministic id when a rule fires', () => {
    given(scheduled, sent)
      .when({ ...answer, answers: { chest_pain: true }, escalationRules: RULES } as MonitoringCommand)
      .then([
        {
          type: 'CheckInAnswered',
          data: { checkInId: 'ci-1', patientId: 'patient-7', journeyId: null, answers: { chest_pain: true }, answeredAt: '2025-03-10T09:00:00.000Z', late: false },
        },
        {
          type: 'EscalationRaised',
          data: {
            escalationId: 'ci-1:chest-pain',
            patientId: 'patient-7',
            journeyId: null,
            checkInId: 'ci-1',
            ruleId: 'chest-pain',
            action: 'URGENT_CALLBACK',
            priority: 'critical',
            raisedAt: '2025-03-10T09:00:00.000Z',
          },
        },
      ]);
  });

  it('escalates low adherence derived from missed doses', () => {
    const doses: MonitoringEvent[] = [0, 1, 2, 3, 4].map((day) => ({
      type: 'DoseMissed',
      data: { doseId: `d-${day}`, medication: 'furosemide', scheduledFor: `2025-03-0${5 + day}T08:00:00.000Z`, recordedAt: '2025-03-10T00:00:00.000Z' },
    }));

    const events = monitoringDecider.decide(foldEvents(monitoringDecider, [scheduled, sent, ...doses]), {
      ...answer,
      escalationRules: RULES,
    } as MonitoringCommand);

    expect(events.map((event) => event.type === 'EscalationRaised' && event.data.ruleId)).toEqual([false, 'low-adherence']);
  });
});

describe('MarkCheckInMissed', () => {
  it('marks a sent check-in missed once its window has passed', () => {
    given(scheduled, sent)
      .when({ type: 'MarkCheckInMissed', checkInId: 'ci-1', now: '2025-03-10T20:00:00.000Z' })
      .then([{ type: 'CheckInMissed', data: { checkInId: 'ci-1', missedAt: '2025-03-10T20:00:00.000Z' } }]);
  });

  it('rejects marking missed before the window closes', () => {
    given(scheduled, sent)
      .when({ type: 'MarkCheckInMissed', checkInId: 'ci-1', now: '2025-03-10T19:59:00.000Z' })
      .thenThrows(ConflictError, /can be answered until 2025-03-10T20:00:00.000Z/);
  });
});

describe('doses', () => {
  it('ignores a repeated confirmation and rejects a contradiction', () => {
    const confirmed: MonitoringEvent = {
      type: 'DoseConfirmed',
      data: { doseId: 'd-1', medication: 'metformin', scheduledFor: '2025-03-10T08:00:00.000Z', confirmedAt: '2025-03-10T08:05:00.000Z' },
    };
    const confirm: MonitoringCommand = { type: 'ConfirmDose', ...confirmed.data };

    given(confirmed).when(confirm).then([]);
    given(confirmed)
      .when({ type: 'RecordMissedDose', doseId: 'd-1', medication: 'metformin', scheduledFor: '2025-03-10T08:00:00.000Z', recordedAt: '2025-03-11T00:00:00.000Z' })
      .thenThrows(ConflictError, /already recorded as confirmed/);
  });
});

describe('monitoring aggregate properties', () => {
  const checkInIds = ['ci-a', 'ci-b'];
  const command: fc.Arbitrary<MonitoringCommand> = fc.oneof(
    fc.record({
      type: fc.constant('ScheduleCheckIn' as const),
      checkInId: fc.constantFrom(...checkInIds),
      patientId: fc.constant('patient-1'),
      condition: fc.constant('post-operative' as const),
      dueAt: fc.constant('2025-03-10T08:00:00.000Z'),
      scheduledAt: fc.constant('2025-03-09T08:00:00.000Z'),
    }),
    fc.record({ type: fc.constant('SendCheckIn' as const), checkInId: fc.constantFrom(...checkInIds), channel: fc.constant('app' as const), sentAt: fc.constant('2025-03-10T08:00:00.000Z') }),
    fc.record({
      type: fc.constant('RecordCheckInAnswers' as const),
      checkInId: fc.constantFrom(...checkInIds),
      answers: fc.record({ pain_score: fc.integer({ min: 0, max: 12 }) }),
      answeredAt: fc.constant('2025-03-10T10:00:00.000Z'),
    }),
    fc.record({
      type: fc.constant('MarkCheckInMissed' as const),
      checkInId: fc.constantFrom(...checkInIds),
      now: fc.constantFrom('2025-03-10T12:00:00.000Z', '2025-03-10T18:00:00.000Z'),
    }),
  );

  it('records answers only for sent check-ins, and a rejected command emits nothing', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 15 }), (commands) => {
        const history: MonitoringEvent[] = [];
        for (const next of commands) {
          const state = foldEvents(monitoringDecider, history);
          try {
            history.push(...monitoringDecider.decide(state, next));
          } catch (error) {
            expect([ConflictError, NotFoundError, ValidationError].some((type) => error instanceof type)).toBe(true);
          }
        }

        const sentIds = new Set<string>();
        const answeredIds = new Set<string>();
        for (const event of history) {
          if (event.type === 'CheckInSent') sentIds.add(event.data.checkInId);
          if (event.type === 'CheckInAnswered') {
            expect(sentIds.has(event.data.checkInId)).toBe(true);
            expect(answeredIds.has(event.data.checkInId)).toBe(false);
            answeredIds.add(event.data.checkInId);
          }
        }
      }),
    );
  });

  it('derives adherence samples between 0 and 100', () => {
    const dose = fc.record({ day: fc.integer({ min: 1, max: 28 }), taken: fc.boolean() });
    fc.assert(
      fc.property(fc.uniqueArray(dose, { selector: (d) => d.day, maxLength: 20 }), (doses) => {
        const events: MonitoringEvent[] = doses.map(({ day, taken }) => {
          const scheduledFor = new Date(Date.UTC(2025, 1, day, 8)).toISOString();
          return taken
            ? { type: 'DoseConfirmed', data: { doseId: `d${day}`, medication: 'm', scheduledFor, confirmedAt: scheduledFor } }
            : { type: 'DoseMissed', data: { doseId: `d${day}`, medication: 'm', scheduledFor, recordedAt: scheduledFor } };
        });

        const samples = answerHistory(foldEvents(monitoringDecider, events)).medication_adherence_pct ?? [];

        expect(samples).toHaveLength(doses.length);
        for (const sample of samples) {
          expect(sample.value).toBeGreaterThanOrEqual(0);
          expect(sample.value).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});
