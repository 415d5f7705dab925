import fc from 'fast-check';

import { foldEvents } from '../../domain/shared/decider';
import { ValidationError } from '../../domain/shared/errors';
import { evaluateTriageRules, questionsFor, triageSessionDecider, type TriageCommand, type TriageEvent } from '../../domain/triage';
import { findingsFor, triageStarted } from '../../domain/triage/fixtures';
import { decideInOrder, triageBatchDecider } from './decide-in-order';
import { intakeProgress, questionsPerPage } from './intake-progress';

const answer = (questionId: string, value: boolean | number | string): TriageCommand => ({
  type: 'RespondToQuestion',
  data: { sessionId: 'session-1', questionId, answer: value, answeredAt: '2026-01-05T10:01:00Z' },
});

const vitals = (values: Record<string, number>): TriageCommand => ({
  type: 'RecordVitalSigns',
  data: { sessionId: 'session-1', vitals: values, measuredAt: '2026-01-05T10:02:00Z', recordedAt: '2026-01-05T10:02:05Z' },
});

const started = (complaintId = 'abdominal-pain') => foldEvents(triageSessionDecider, [triageStarted({ complaintId }) as TriageEvent]);

/** Decides the commands one request at a time, the way separate requests would. */
function decideOneByOne(commands: TriageCommand[], complaintId?: string): TriageEvent[] {
  let state = started(complaintId);
  const events: TriageEvent[] = [];
  for (const command of commands) {
    const decided = triageSessionDecider.decide(state, command);
    state = decided.reduce(triageSessionDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

const yesNoQuestions = questionsFor('abdominal-pain').filter((question) => question.kind === 'yes-no').map((question) => question.id);

describe('intake progress', () => {
  it('asks the first page of questions in catalogue order', () => {
    const progress = intakeProgress(findingsFor({ complaintId: 'lower-limb-injury' }));

    expect(progress.nextQuestions.map((question) => question.id)).toEqual(questionsFor('lower-limb-injury').slice(0, questionsPerPage).map((question) => question.id));
    expect(progress).toMatchObject({ answered: 0, total: questionsFor('lower-limb-injury').length, completedBecause: null });
  });

  it('completes when every question is answered', () => {
    const answers = Object.fromEntries(questionsFor('sore-throat').map((question) => [question.id, question.kind === 'yes-no' ? false : 0]));

    const progress = intakeProgress(findingsFor({ complaintId: 'sore-throat', answers }));

    expect(progress.completedBecause).toBe('all-answered');
    expect(progress.nextQuestions).toEqual([]);
  });

  it('completes when the patient finishes early', () => {
    expect(intakeProgress(findingsFor(), true).completedBecause).toBe('finished-by-patient');
  });

  it('completes at level 1 without further answers', () => {
    const progress = intakeProgress(findingsFor({ complaintId: 'chest-pain', vitals: { oxygenSaturation: 85 } }));

    expect(progress).toMatchObject({ rulesLevel: 1, completedBecause: 'most-urgent-level', nextQuestions: [] });
  });

  it('never asks an answered question and completes only for a reason', () => {
    fc.assert(
      fc.property(
        fc.subarray(yesNoQuestions),
        fc.boolean(),
        fc.option(fc.integer({ min: 50, max: 100 }), { nil: undefined }),
        fc.boolean(),
        (answeredIds, value, oxygenSaturation, finish) => {
          const findings = findingsFor({
            answers: Object.fromEntries(answeredIds.map((id) => [id, value])),
            vitals: oxygenSaturation === undefined ? {} : { oxygenSaturation },
          });

          const progress = intakeProgress(findings, finish);
          const rulesLevel = evaluateTriageRules(findings).level;

          expect(progress.nextQuestions.length).toBeLessThanOrEqual(questionsPerPage);
          expect(progress.nextQuestions.some((question) => answeredIds.includes(question.id))).toBe(false);
          expect(progress.answered).toBe(answeredIds.length);
          expect(progress.rulesLevel).toBe(rulesLevel);
          expect(progress.completedBecause !== null).toBe(rulesLevel === 1 || finish || answeredIds.length === progress.total);
          expect(progress.nextQuestions.length === 0).toBe(progress.completedBecause !== null);
        },
      ),
    );
  });
});

describe('deciding triage commands in order', () => {
  it('records answers and vital signs in one decision', () => {
    const { events, state } = decideInOrder(started(), [answer('common.painScore', 4), vitals({ heartRate: 80 })]);

    expect(events.map((event) => event.type)).toEqual(['SymptomReported', 'VitalSignsRecorded']);
    expect(state.findings).toMatchObject({ answers: { 'common.painScore': 4 }, vitals: { heartRate: 80 } });
  });

  it('rejects the whole batch when one command is invalid', () => {
    const decide = () => triageBatchDecider.decide(started(), [answer('common.painScore', 4), vitals({ heartRate: 400 })]);

    expect(decide).toThrow(ValidationError);
  });

  it('decides a batch like the same commands one by one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...yesNoQuestions), fc.boolean()), { maxLength: 8 }),
        fc.option(fc.integer({ min: 50, max: 100 }), { nil: undefined }),
        (answers, oxygenSaturation) => {
          const commands = [
            ...answers.map(([questionId, value]) => answer(questionId, value)),
            ...(oxygenSaturation === undefined ? [] : [vitals({ oxygenSaturation })]),
          ];

          expect(triageBatchDecider.decide(started(), commands)).toEqual(decideOneByOne(commands));
        },
      ),
    );
  });
});
