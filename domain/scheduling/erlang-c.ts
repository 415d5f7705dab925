// The M/M/c queue (Erlang C): Poisson arrivals at rate λ, exponential service at rate μ per
// server, c servers, one queue. Analytics use it to estimate how long patients wait for a
// clinic's appointments or a diagnostic modality given its measured arrival and service rates.
//
// Erlang C is computed from Erlang B with the recursion
//     B(0) = 1,   B(k) = a·B(k−1) / (k + a·B(k−1)),   a = λ/μ
//     C = c·B(c) / (c − a·(1 − B(c)))
// which stays between 0 and 1 at every step, so it neither overflows (a^c and c! both do past
// c ≈ 170 in doubles) nor loses precision for c up to thousands.

import { ValidationError } from '../shared/errors';

export interface QueueInputs {
  /** λ, arrivals per unit of time. */
  arrivalRate: number;
  /** μ, completions per server per the same unit of time. */
  serviceRate: number;
  /** c, the number of servers working in parallel. */
  servers: number;
}

export type ErlangCResult =
  | (QueueInputs & {
      stable: true;
      /** a = λ/μ, in erlangs. */
      offeredLoad: number;
      /** ρ = λ/(cμ), the share of time a server is busy. */
      utilization: number;
      /** The probability that an arrival finds every server busy and waits. */
      probabilityOfWaiting: number;
      /** Wq, the mean wait before service, in the unit of the rates. */
      expectedWait: number;
      /** Lq = λ·Wq, the mean number waiting. */
      expectedQueueLength: number;
      /** W = Wq + 1/μ, the mean time from arrival to the end of service. */
      expectedTimeInSystem: number;
    })
  | (QueueInputs & {
      stable: false;
      offeredLoad: number;
      utilization: number;
      reason: string;
    });

/** Computes the Erlang B blocking probability B(c, a) with the stable recursion. */
export function erlangB(offeredLoad: number, servers: number): number {
  let blocking = 1;
  for (let k = 1; k <= servers; k++) {
    blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  }
  return blocking;
}

/** Computes the M/M/c waiting figures and returns them with the inputs they came from. */
export function erlangC(inputs: QueueInputs): ErlangCResult {
  validateInputs(inputs);
  const { arrivalRate, serviceRate, servers } = inputs;
  const offeredLoad = arrivalRate / serviceRate;
  const utilization = offeredLoad / servers;

  if (utilization >= 1) {
    const reason = `arrivals (${arrivalRate}) reach or exceed what ${servers} servers complete (${servers * serviceRate}), so the queue grows without bound`;
    return { ...inputs, stable: false, offeredLoad, utilization, reason };
  }

  const blocking = erlangB(offeredLoad, servers);
  const probabilityOfWaiting = (servers * blocking) / (servers - offeredLoad * (1 - blocking));
  const expectedWait = probabilityOfWaiting / (servers * serviceRate - arrivalRate);
  return {
    ...inputs,
    stable: true,
    offeredLoad,
    utilization,
    probabilityOfWaiting,
    expectedWait,
    expectedQueueLength: arrivalRate * expectedWait,
    expectedTimeInSystem: expectedWait + 1 / serviceRate,
  };
}

// Hundreds of servers is a whole region's family physicians; far more is a units mistake.
const MAX_SERVERS = 10_000;

function validateInputs({ arrivalRate, serviceRate, servers }: QueueInputs): void {
  if (typeof arrivalRate !== 'number' || !Number.isFinite(arrivalRate) || arrivalRate < 0) {
    throw ValidationError.forField('arrivalRate', `must be a finite number of 0 or more; got ${arrivalRate}`);
  }
  if (typeof serviceRate !== 'number' || !Number.isFinite(serviceRate) || serviceRate <= 0) {
    throw ValidationError.forField('serviceRate', `must be a finite number above 0; got ${serviceRate}`);
  }
  if (!Number.isInteger(servers) || servers < 1 || servers > MAX_SERVERS) {
    throw ValidationError.forField('servers', `must be a whole number from 1 to ${MAX_SERVERS}; got ${servers}`);
  }
}
