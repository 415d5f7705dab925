import { erlangC } from '../../domain/scheduling';
import { estimateQueue, type QueueMeasurements } from './queue-estimate';

function measured(options: Partial<QueueMeasurements> = {}): QueueMeasurements {
  return {
    specialty: 'family-medicine',
    region: null,
    observedFrom: '2030-01-01T00:00:00Z',
    observedTo: '2030-01-29T00:00:00Z',
    capacityUntil: '2030-02-26T00:00:00Z',
    bookings: 300,
    waitlistJoins: 36,
    providers: 4,
    slotsOffered: 448,
    ...options,
  };
}

describe('queue estimate', () => {
  it('derives λ, μ and c from the measurements', () => {
    const estimate = estimateQueue(measured());

    expect(estimate.inputs.arrivalRatePerHour).toBeCloseTo(336 / 672, 10);
    expect(estimate.inputs.serviceRatePerHour).toBeCloseTo(448 / 4 / 672, 10);
    expect(estimate.model).toEqual(erlangC({ arrivalRate: 336 / 672, serviceRate: 448 / 4 / 672, servers: 4 }));
  });

  it('reports the wait in hours and days', () => {
    const estimate = estimateQueue(measured());

    expect(estimate.model?.stable).toBe(true);
    expect(estimate.expectedWaitDays).toBeCloseTo(estimate.expectedWaitHours! / 24, 10);
  });

  it('reports demand above capacity as unstable', () => {
    const estimate = estimateQueue(measured({ bookings: 1_000 }));

    expect(estimate.model?.stable).toBe(false);
    expect(estimate.expectedWaitHours).toBeNull();
    expect(estimate.explanation).toMatch(/^demand exceeds capacity/);
  });

  it('returns no model without capacity', () => {
    const estimate = estimateQueue(measured({ providers: 0, slotsOffered: 0 }));

    expect(estimate.model).toBeNull();
    expect(estimate.inputs.serviceRatePerHour).toBeNull();
  });
});
