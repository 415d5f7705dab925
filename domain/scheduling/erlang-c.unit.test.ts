// Reference values come from three places, each independent of the recursion under test:
//  - closed forms: M/M/1 waits with probability ρ and Wq = ρ/(μ − λ); M/M/2 waits with
//    probability 2ρ²/(1 + ρ);
//  - a hand-worked case (λ = 1 call a minute, 3-minute service, 5 agents) whose arithmetic is
//    written out below;
//  - the textbook sum P(wait) = (a^c/c!) / (a^c/c! + (1 − a/c)·Σ_{n<c} a^n/n!) with the average
//    speed of answer T·P(wait)/(c − a), as Had2Know's Erlang C page states it, evaluated
//    directly for the call-centre sizing example of 360 calls per half hour, 4-minute calls
//    and 55 agents, and in log space for a few hundred servers.

import fc from 'fast-check';
import { ValidationError } from '../shared/errors';
import { erlangB, erlangC, type ErlangCResult } from './erlang-c';
import { measureQueueRates } from './queue-rates';

function stable(result: ErlangCResult) {
  if (!result.stable) throw new Error(`expected a stable queue: ${result.reason}`);
  return result;
}

function textbookProbabilityOfWaiting(load: number, servers: number): number {
  let term = 1;
  let sum = 0;
  for (let n = 0; n < servers; n++) {
    sum += term;
    term = (term * load) / (n + 1);
  }
  return term / (term + (1 - load / servers) * sum);
}

function logSpaceProbabilityOfWaiting(load: number, servers: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let n = 0; n <= servers; n++) {
    if (n > 0) logFactorial += Math.log(n);
    logTerms.push(n * Math.log(load) - logFactorial);
  }
  const logLast = logTerms[servers]!;
  const max = Math.max(...logTerms);
  const sumBelow = logTerms.slice(0, servers).reduce((sum, logTerm) => sum + Math.exp(logTerm - max), 0);
  const last = Math.exp(logLast - max);
  return last / (last + (1 - load / servers) * sumBelow);
}

describe('erlangC', () => {
  it('matches M/M/1 closed forms', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (serviceRate, rho) => {
        const arrivalRate = rho * serviceRate;
        const result = stable(erlangC({ arrivalRate, serviceRate, servers: 1 }));

        expect(result.probabilityOfWaiting).toBeCloseTo(rho, 10);
        expect(result.expectedWait / (rho / (serviceRate - arrivalRate))).toBeCloseTo(1, 9);
      }),
    );
  });

  it('matches the M/M/2 closed form', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (rho) => {
        const result = stable(erlangC({ arrivalRate: 2 * rho, serviceRate: 1, servers: 2 }));

        expect(result.probabilityOfWaiting).toBeCloseTo((2 * rho * rho) / (1 + rho), 10);
      }),
    );
  });

  it('matches the hand-worked five-agent case', () => {
    // a = 3. Σ_{n<5} 3^n/n! = 1 + 3 + 4.5 + 4.5 + 3.375 = 16.375; 3^5/5! = 2.025, and
    // 2.025 · 5/(5 − 3) = 5.0625; P(wait) = 5.0625 / (16.375 + 5.0625) = 81/343.
    // Wq = P(wait) / (cμ − λ) = (81/343) / (5/3 − 1) = 243/686 minutes.
    const result = stable(erlangC({ arrivalRate: 1, serviceRate: 1 / 3, servers: 5 }));

    expect(result.probabilityOfWaiting).toBeCloseTo(81 / 343, 12);
    expect(result.expectedWait).toBeCloseTo(243 / 686, 12);
    expect(result.expectedQueueLength).toBeCloseTo(243 / 686, 12);
    expect(result.expectedTimeInSystem).toBeCloseTo(243 / 686 + 3, 12);
  });

  it('matches the 360-calls sizing example', () => {
    const arrivalRate = 360 / 30; // calls per minute
    const serviceRate = 1 / 4; // calls per agent-minute
    const result = stable(erlangC({ arrivalRate, serviceRate, servers: 55 }));
    const probability = textbookProbabilityOfWaiting(48, 55);

    expect(result.offeredLoad).toBe(48);
    expect(result.probabilityOfWaiting).toBeCloseTo(probability, 12);
    expect(result.expectedWait * 60).toBeCloseTo((240 * probability) / (55 - 48), 9);
  });

  it('stays accurate for hundreds of servers', () => {
    for (const [load, servers] of [[280, 300], [450, 480], [95, 100]] as const) {
      const result = stable(erlangC({ arrivalRate: load, serviceRate: 1, servers }));

      expect(result.probabilityOfWaiting).toBeCloseTo(logSpaceProbabilityOfWaiting(load, servers), 10);
    }
  });

  it('returns its inputs', () => {
    expect(erlangC({ arrivalRate: 2, serviceRate: 1, servers: 3 })).toEqual(expect.objectContaining({ arrivalRate: 2, serviceRate: 1, servers: 3 }));
  });

  it('reports an overloaded queue as unstable', () => {
    const result = erlangC({ arrivalRate: 6, serviceRate: 2, servers: 3 });

    expect(result.stable).toBe(false);
    expect(result.utilization).toBe(1);
  });

  it('waits less with more servers', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 200, noNaN: true }), fc.integer({ min: 1, max: 50 }), (load, extra) => {
        const servers = Math.floor(load) + 1;
        const fewer = stable(erlangC({ arrivalRate: load, serviceRate: 1, servers }));
        const more = stable(erlangC({ arrivalRate: load, serviceRate: 1, servers: servers + extra }));

        expect(more.probabilityOfWaiting).toBeLessThanOrEqual(fewer.probabilityOfWaiting);
        expect(fewer.probabilityOfWaiting).toBeGreaterThanOrEqual(erlangB(load, servers));
      }),
    );
  });

  it('rejects zero servers', () => {
    expect(() => erlangC({ arrivalRate: 1, serviceRate: 1, servers: 0 })).toThrow(ValidationError);
  });

  it('rejects a zero service rate', () => {
    expect(() => erlangC({ arrivalRate: 1, serviceRate: 0, servers: 2 })).toThrow(/serviceRate/);
  });
});

describe('measureQueueRates', () => {
  const sample = {
    observedFrom: '2025-03-03T13:00:00Z',
    observedTo: '2025-03-03T15:00:00Z',
    arrivals: [
      '2025-03-03T12:59:59Z',
      ...Array.from({ length: 10 }, (_, index) => new Date(Date.parse('2025-03-03T13:00:00Z') + index * 12 * 60_000).toISOString()),
      '2025-03-03T15:00:00Z',
    ],
    services: [
      { startedAt: '2025-03-03T13:05:00Z', endedAt: '2025-03-03T13:15:00Z' },
      { startedAt: '2025-03-03T14:00:00Z', endedAt: '2025-03-03T14:20:00Z' },
      { startedAt: '2025-03-03T16:00:00Z', endedAt: '2025-03-03T18:00:00Z' },
    ],
  };

  it('measures rates per hour inside the window', () => {
    expect(measureQueueRates(sample)).toEqual({
      arrivalRate: 5,
      serviceRate: 4,
      arrivalCount: 10,
      serviceCount: 2,
      observedHours: 2,
      meanServiceMinutes: 15,
    });
  });

  it('rejects a service ending before it starts', () => {
    const broken = { ...sample, services: [{ startedAt: '2025-03-03T13:05:00Z', endedAt: '2025-03-03T13:00:00Z' }] };

    expect(() => measureQueueRates(broken)).toThrow(/services\[0\]\.endedAt/);
  });

  it('rejects an empty window', () => {
    expect(() => measureQueueRates({ ...sample, observedTo: sample.observedFrom })).toThrow(/observedTo/);
  });
});
