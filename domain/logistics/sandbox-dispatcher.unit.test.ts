import fc from 'fast-check';

import { foldEvents } from '../shared/decider';
import { rideDecider, type RideEvent } from './ride';
import { SANDBOX_PARTNER_ID, simulateSandboxDispatch, type SandboxRideRequest } from './sandbox-dispatcher';

const REQUEST: SandboxRideRequest = {
  rideId: 'ride-1',
  mode: 'accessible-vehicle',
  pickup: { lat: 43.6532, lon: -79.3832 },
  dropoff: { lat: 43.6629, lon: -79.3957 },
  pickupAt: '2025-03-10T13:00:00.000Z',
  requestedAt: '2025-03-10T12:00:00.000Z',
};

/** Feeds the sandbox's updates through the ride aggregate, as the adapter will. */
function replayThroughRide(request: SandboxRideRequest, seed: number, failureRate?: number): RideEvent[] {
  const events: RideEvent[] = [
    {
      type: 'RideRequested',
      data: { rideId: request.rideId, journeyId: 'j', mode: request.mode, pickupAt: request.pickupAt, pickup: request.pickup, dropoff: request.dropoff, requestedAt: request.requestedAt },
    },
    { type: 'RideBooked', data: { rideId: request.rideId, partnerId: SANDBOX_PARTNER_ID, partnerReference: 'sandbox', bookedAt: request.requestedAt } },
  ];
  for (const update of simulateSandboxDispatch(seed, request, failureRate === undefined ? {} : { failureRate })) {
    events.push(...rideDecider.decide(foldEvents(rideDecider, events), { type: 'RecordPartnerUpdate', update }));
  }
  return events;
}

describe('simulateSandboxDispatch', () => {
  it('gives the same updates for the same seed', () => {
    expect(simulateSandboxDispatch(42, REQUEST)).toEqual(simulateSandboxDispatch(42, REQUEST));
  });

  it('assigns, tracks, arrives at pickup time and completes', () => {
    const updates = simulateSandboxDispatch(7, REQUEST, { failureRate: 0 });
    const statuses = updates.map((update) => update.status);

    expect(statuses[0]).toBe('driver_assigned');
    expect(statuses.slice(-2)).toEqual(['arrived', 'completed']);
    expect(statuses.filter((status) => status === 'eta_updated').length).toBeGreaterThan(0);
    expect(updates.find((update) => update.status === 'arrived')!.occurredAt).toBe(REQUEST.pickupAt);
    expect(updates.every((update) => update.partnerId === SANDBOX_PARTNER_ID)).toBe(true);
  });

  it('fails every request at a failure rate of 1', () => {
    expect(simulateSandboxDispatch(3, REQUEST, { failureRate: 1 }).map((update) => update.status)).toEqual(['failed']);
  });

  it('emits updates in time order that the ride aggregate accepts', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 180 }), fc.constantFrom(0, 0.5), (seed, leadMinutes, failureRate) => {
        const request = { ...REQUEST, pickupAt: new Date(Date.parse(REQUEST.requestedAt) + leadMinutes * 60_000).toISOString() };
        const times = simulateSandboxDispatch(seed, request, { failureRate }).map((update) => Date.parse(update.occurredAt));

        expect(times).toEqual([...times].sort((a, b) => a - b));
        const finalStatus = foldEvents(rideDecider, replayThroughRide(request, seed, failureRate)).status;
        expect(['completed', 'failed']).toContain(finalStatus);
      }),
    );
  });
});
