import {
  ADHERENCE_WINDOW_DAYS,
  CHECK_IN_SCHEDULES,
  medicationAdherence,
  monitoringDecider,
  type MonitoringEvent,
  type News2Scored,
  type TimedAnswer,
} from '../../domain/monitoring';
import { foldEvents } from '../../domain/shared/decider';

// The patient-facing views of a monitoring stream, folded from its events: the check-ins with
// their questions in the patient's language, and the summary the care team reads (trends, the
// latest NEWS2, adherence, escalations).

const DAY_MS = 86_400_000;
/** Answers per question shown in a trend. */
const TREND_LENGTH = 7;

export function checkInsView(events: readonly MonitoringEvent[], language: 'en' | 'fr') {
  const state = foldEvents(monitoringDecider, events);
  const answersOf = new Map(events.flatMap((event) => (event.type === 'CheckInAnswered' ? [[event.data.checkInId, event.data] as const] : [])));

  const checkIns = Object.values(state.checkIns)
    .sort((a, b) => Date.parse(b.dueAt) - Date.parse(a.dueAt))
    .map((checkIn) => {
      const answered = answersOf.get(checkIn.checkInId);
      return {
        checkInId: checkIn.checkInId,
        planId: checkIn.planId,
        condition: checkIn.condition,
        status: checkIn.status,
        dueAt: checkIn.dueAt,
        answerBy: checkIn.answerBy,
        questions: CHECK_IN_SCHEDULES[checkIn.condition].questions.map((question) => ({ id: question.id, text: question.text[language], format: question.format })),
        ...(answered ? { answers: answered.answers, answeredAt: answered.answeredAt, late: answered.late } : {}),
      };
    });

  return {
    pending: checkIns.filter((checkIn) => checkIn.status === 'scheduled' || checkIn.status === 'sent'),
    answered: checkIns.filter((checkIn) => checkIn.status === 'answered'),
    missed: checkIns.filter((checkIn) => checkIn.status === 'missed'),
  };
}

export function monitoringSummary(events: readonly MonitoringEvent[], now: string) {
  const state = foldEvents(monitoringDecider, events);
  const scores = events.filter((event): event is News2Scored => event.type === 'News2Scored');
  const latestScore = scores.at(-1)?.data;
  const windowStart = new Date(Date.parse(now) - ADHERENCE_WINDOW_DAYS * DAY_MS).toISOString();

  return {
    plans: Object.values(state.plans),
    trends: Object.fromEntries(Object.entries(state.answers).map(([questionId, answers]) => [questionId, trendOf(answers)])),
    news2: latestScore
      ? { total: latestScore.total, band: latestScore.band, redScore: latestScore.redScore, scoredAt: latestScore.scoredAt, checkInId: latestScore.checkInId }
      : null,
    news2History: scores.map((event) => ({ total: event.data.total, scoredAt: event.data.scoredAt })),
    adherence: { windowDays: ADHERENCE_WINDOW_DAYS, ...medicationAdherence(state.doses, windowStart, now) },
    escalations: events.flatMap((event) =>
      event.type === 'EscalationRaised'
        ? [{ escalationId: event.data.escalationId, ruleId: event.data.ruleId, action: event.data.action, priority: event.data.priority, raisedAt: event.data.raisedAt }]
        : [],
    ),
  };
}

function trendOf(answers: readonly TimedAnswer[]) {
  const recent = answers.slice(-TREND_LENGTH);
  const numbers = recent.map((answer) => answer.value).filter((value): value is number => typeof value === 'number');
  const direction =
    numbers.length < 2 ? 'not-enough-data' : numbers.at(-1)! > numbers[0]! ? 'rising' : numbers.at(-1)! < numbers[0]! ? 'falling' : 'steady';
  return { recent, direction };
}
