// The journey outcome score, 0 to 100, written on CloseJourney so analysts can compare journeys.
// It starts at 100 and loses points for what made the patient's way to care worse:
//
// | what                                         | points lost           | cap |
// | -------------------------------------------- | --------------------- | --- |
// | care never reached (no visit, no ED handover) | 40                    | 40  |
// | time to care over the target for the acuity  | 10 per doubling       | 30  |
// | missed appointment                           | 15 each               | 30  |
// | appointment cancelled by the provider        | 10 each               | 20  |
// | ride failure at a partner                    | 5 each                | 15  |
// | transport given up (coordinator task)        | 10 each               | 20  |
// | escalation raised, critical / high           | 10 / 5 each           | 20  |
//
// Time-to-care targets: critical 1 hour (ED handover), urgent 24 hours, routine 14 days. "Per
// doubling" means 10 points once over the target, 20 once over twice it, 30 once over four times.
// The weights are a product choice, not a validated clinical measure.

import type { Acuity } from './messages';

export interface OutcomeFacts {
  acuity: Acuity;
  triagedAt: string;
  careReachedAt: string | null;
  missedAppointments: number;
  providerCancellations: number;
  rideFailures: number;
  transportGivenUp: number;
  criticalEscalations: number;
  highEscalations: number;
}

const HOUR_MS = 3_600_000;
export const TIME_TO_CARE_TARGET_HOURS: Readonly<Record<Acuity, number>> = { critical: 1, urgent: 24, routine: 14 * 24 };

export function scoreOutcome(facts: OutcomeFacts): number {
  const deductions = [
    facts.careReachedAt === null ? 40 : 0,
    lateness(facts),
    Math.min(30, 15 * facts.missedAppointments),
    Math.min(20, 10 * facts.providerCancellations),
    Math.min(15, 5 * facts.rideFailures),
    Math.min(20, 10 * facts.transportGivenUp),
    Math.min(20, 10 * facts.criticalEscalations + 5 * facts.highEscalations),
  ];
  return Math.max(0, 100 - deductions.reduce((sum, points) => sum + points, 0));
}

function lateness(facts: OutcomeFacts): number {
  if (facts.careReachedAt === null) {
    return 0;
  }
  const hours = (Date.parse(facts.careReachedAt) - Date.parse(facts.triagedAt)) / HOUR_MS;
  const target = TIME_TO_CARE_TARGET_HOURS[facts.acuity];
  if (hours > 4 * target) return 30;
  if (hours > 2 * target) return 20;
  if (hours > target) return 10;
  return 0;
}
