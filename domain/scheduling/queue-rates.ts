// Measures the arrival rate λ and the service rate μ that erlangC needs from timestamps the
// read models hold: when each request arrived (a booking made, a referral received) and when
// each service started and ended.

import { ValidationError } from '../shared/errors';
import { HOUR_MS, parseInstant } from './time';

export interface ServiceInterval {
  startedAt: string;
  endedAt: string;
}

export interface QueueRateSample {
  arrivals: readonly string[];
  services: readonly ServiceInterval[];
  observedFrom: string;
  observedTo: string;
}

export interface MeasuredRates {
  /** λ, arrivals per hour inside the observation window. */
  arrivalRate: number;
  /** μ, services completed per hour of one server's busy time (1 / mean service time). */
  serviceRate: number;
  arrivalCount: number;
  serviceCount: number;
  observedHours: number;
  meanServiceMinutes: number;
}

/** Measures λ and μ per hour; arrivals and services outside [observedFrom, observedTo) are left out. */
export function measureQueueRates(sample: QueueRateSample): MeasuredRates {
  const from = parseInstant('observedFrom', sample.observedFrom);
  const to = parseInstant('observedTo', sample.observedTo);
  if (to <= from) {
    throw ValidationError.forField('observedTo', `must be after observedFrom (${sample.observedFrom}); got ${sample.observedTo}`);
  }
  const inWindow = (instant: number) => instant >= from && instant < to;

  const arrivalCount = sample.arrivals.map((arrival, index) => parseInstant(`arrivals[${index}]`, arrival)).filter(inWindow).length;
  const durations = sample.services
    .map((service, index) => serviceDuration(service, index))
    .filter(({ startedAt }) => inWindow(startedAt))
    .map(({ durationMs }) => durationMs);
  if (durations.length === 0) {
    throw ValidationError.forField('services', 'must contain at least one service that started inside the observation window');
  }

  const observedHours = (to - from) / HOUR_MS;
  const meanServiceMs = durations.reduce((sum, duration) => sum + duration, 0) / durations.length;
  return {
    arrivalRate: arrivalCount / observedHours,
    serviceRate: HOUR_MS / meanServiceMs,
    arrivalCount,
    serviceCount: durations.length,
    observedHours,
    meanServiceMinutes: meanServiceMs / 60_000,
  };
}

function serviceDuration(service: ServiceInterval, index: number): { startedAt: number; durationMs: number } {
  const startedAt = parseInstant(`services[${index}].startedAt`, service.startedAt);
  const endedAt = parseInstant(`services[${index}].endedAt`, service.endedAt);
  if (endedAt <= startedAt) {
    throw ValidationError.forField(`services[${index}].endedAt`, `must be after startedAt (${service.startedAt}); got ${service.endedAt}`);
  }
  return { startedAt, durationMs: endedAt - startedAt };
}
