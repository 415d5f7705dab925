// Vital signs answered in a check-in, read as NEWS2 inputs. A check-in that answers all seven
// NEWS2 parameters is scored; a partial set is not, because NEWS2 has no score for a missing one.

import type { EscalationRaised, News2Scored } from './check-in-events';
import { scoreNews2, type VitalSigns } from './news2';
import type { AnswerValue } from './rules';

/** The question ids that carry each NEWS2 parameter. */
export const VITAL_SIGN_QUESTIONS = [
  'respiratory_rate',
  'spo2',
  'on_supplemental_oxygen',
  'systolic_bp',
  'pulse_bpm',
  'new_confusion',
  'temperature_c',
] as const;

/** NEWS2 calls for a total of 5 or more, or any single parameter scoring 3, to be escalated. */
export const NEWS2_ESCALATION_TOTAL = 5;

/** The vital signs in the answers, or undefined when one of the seven is missing. */
export function vitalSignsOf(answers: Readonly<Record<string, AnswerValue>>): VitalSigns | undefined {
  if (VITAL_SIGN_QUESTIONS.some((id) => answers[id] === undefined)) {
    return undefined;
  }

  // NOTE: every patient is scored on SpO2 scale 1. A patient with hypercapnic respiratory
  // failure and a prescribed 88-92 % target scores too high on SpO2 until a clinician can set
  // scale 2 on the plan.
  return {
    respirationRate: Math.round(Number(answers.respiratory_rate)),
    spo2: Math.round(Number(answers.spo2)),
    spo2Scale: 1,
    onOxygen: answers.on_supplemental_oxygen === true,
    systolicBp: Math.round(Number(answers.systolic_bp)),
    pulse: Math.round(Number(answers.pulse_bpm)),
    consciousness: answers.new_confusion === true ? 'new-confusion' : 'alert',
    temperatureC: Number(answers.temperature_c),
  };
}

/**
 * Scores the vital signs in a check-in's answers and escalates on NEWS2's own published triggers,
 * whatever the rule files contain, so a deteriorating patient does not depend on a rule someone
 * remembered to write. Returns nothing when the answers lack a vital sign.
 */
export function news2Events(
  checkIn: { checkInId: string; patientId: string; journeyId: string | null },
  answers: Readonly<Record<string, AnswerValue>>,
  answeredAt: string,
): (News2Scored | EscalationRaised)[] {
  const vitals = vitalSignsOf(answers);
  if (!vitals) {
    return [];
  }

  const { total, band, redScore } = scoreNews2(vitals);
  const { checkInId, patientId, journeyId } = checkIn;
  const scored: News2Scored = { type: 'News2Scored', data: { checkInId, patientId, journeyId, total, band, redScore, scoredAt: answeredAt } };
  if (total < NEWS2_ESCALATION_TOTAL && !redScore) {
    return [scored];
  }

  const escalation: EscalationRaised = {
    type: 'EscalationRaised',
    data: {
      escalationId: `${checkInId}:news2`,
      patientId,
      journeyId,
      checkInId,
      ruleId: 'news2',
      action: total >= NEWS2_ESCALATION_TOTAL ? 'URGENT_CALLBACK' : 'ALERT_PROVIDER',
      priority: band === 'high' ? 'critical' : 'high',
      raisedAt: answeredAt,
    },
  };
  return [scored, escalation];
}
