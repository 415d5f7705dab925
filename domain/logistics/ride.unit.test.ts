import fc from 'fast-check';

import { foldEvents } from '../shared/decider';
import { ConflictError, ValidationError } from '../shared/errors';
import { PARTNER_STATUSES, rideDecider, type PartnerUpdate, type RideCommand, type RideEvent } from './ride';

function given(...events: RideEvent[]) {
  const state = foldEvents(rideDecider, events);
  return {
    when: (command: RideCommand) => ({
      then: (expected: RideEvent[]) => expect(rideDecider.decide(state, command)).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message: RegExp) => {
        expect(() => rideDecider.decide(state, command)).toThrow(error);
        expect(() => rideDecider.decide(state, command)).toThrow(message);
      },
    }),
  };
}

const HOME = { lat: 43.6532, lon: -79.3832 };
const CLINIC = { lat: 43.6629, lon: -79.3957 };
const request: Extract<RideCommand, { type: 'RequestRide' }> = {
  type: 'RequestRide',
  rideId: 'ride-1',
  journeyId: 'journey-1',
  journeyStatus: 'open',
  mode: 'standard-ride',
  pickupAt: '2025-03-10T13:00:00.000Z',
  pickup: HOME,
  dropoff: CLINIC,
  requestedAt: '2025-03-09T10:00:00.000Z',
};
const requested: RideEvent = {
  type: 'RideRequested',
  data: { rideId: 'ride-1', journeyId: 'journey-1', mode: 'standard-ride', pickupAt: request.pickupAt, pickup: HOME, dropoff: CLINIC, requestedAt: request.requestedAt },
};
const booked: RideEvent = { type: 'RideBooked', data: { rideId: 'ride-1', partnerId: 'acme-rides', partnerReference: 'A-77', bookedAt: '2025-03-09T10:01:00.000Z' } };
const assigned: RideEvent = { type: 'DriverAssigned', data: { rideId: 'ride-1', driverName: 'Sam', vehicle: 'van', assignedAt: '2025-03-10T12:30:00.000Z' } };

function partner(status: string, extra: Partial<PartnerUpdate> = {}): RideCommand {
  return { type: 'RecordPartnerUpdate', update: { partnerId: 'acme-rides', status, occurredAt: '2025-03-10T12:40:00.000Z', ...extra } };
}

describe('RequestRide', () => {
  it('requests a ride for an open journey', () => {
    given().when(request).then([requested]);
  });

  it('rejects a ride for a closed journey', () => {
    given().when({ ...request, journeyStatus: 'closed' }).thenThrows(ConflictError, /journey journey-1 is closed/);
  });

  it('ignores a repeated request', () => {
    given(requested).when(request).then([]);
  });
});

describe('RecordPartnerUpdate', () => {
  it('rejects an unknown partner status', () => {
    given(requested, booked).when(partner('en_route')).thenThrows(ValidationError, /unknown partner status 'en_route'/);
  });

  it('rejects an update from another partner', () => {
    given(requested, booked)
      .when({ type: 'RecordPartnerUpdate', update: { partnerId: 'other', status: 'arrived', occurredAt: '2025-03-10T12:59:00.000Z' } })
      .thenThrows(ConflictError, /booked with acme-rides, not other/);
  });

  it('assigns a driver, updates the ETA and ignores a repeat', () => {
    given(requested, booked)
      .when(partner('driver_assigned', { driverName: 'Sam', vehicle: 'van', occurredAt: '2025-03-10T12:30:00.000Z' }))
      .then([assigned]);
    given(requested, booked, assigned)
      .when(partner('eta_updated', { etaAt: '2025-03-10T12:58:00.000Z', position: HOME }))
      .then([{ type: 'RideEtaUpdated', data: { rideId: 'ride-1', etaAt: '2025-03-10T12:58:00.000Z', position: HOME, updatedAt: '2025-03-10T12:40:00.000Z' } }]);
    given(requested, booked, assigned).when(partner('driver_assigned')).then([]);
  });

  it('rejects an ETA update without an ETA', () => {
    given(requested, booked, assigned).when(partner('eta_updated')).thenThrows(ValidationError, /needs an ISO 8601 etaAt/);
  });

  it('rejects completion before a driver is assigned', () => {
    given(requested, booked).when(partner('completed')).thenThrows(ConflictError, /has no driver yet/);
  });

  it('records a partner failure', () => {
    given(requested, booked)
      .when(partner('failed', { reason: 'no vehicle' }))
      .then([{ type: 'RideFailed', data: { rideId: 'ride-1', partnerId: 'acme-rides', reason: 'no vehicle', failedAt: '2025-03-10T12:40:00.000Z' } }]);
  });
});

describe('CancelRide', () => {
  it('cancels a booked ride and rejects cancelling a completed one', () => {
    const cancel: RideCommand = { type: 'CancelRide', reason: 'appointment cancelled', cancelledAt: '2025-03-10T09:00:00.000Z' };
    const completed: RideEvent = { type: 'RideCompleted', data: { rideId: 'ride-1', completedAt: '2025-03-10T13:20:00.000Z' } };

    given(requested, booked)
      .when(cancel)
      .then([{ type: 'RideCancelled', data: { rideId: 'ride-1', reason: 'appointment cancelled', cancelledAt: '2025-03-10T09:00:00.000Z' } }]);
    given(requested, booked, assigned, completed).when(cancel).thenThrows(ConflictError, /ride-1 is completed/);
  });
});

describe('ride properties', () => {
  it('rejects every status outside the known list', () => {
    const state = foldEvents(rideDecider, [requested, booked, assigned]);
    const unknownStatus = fc.string().filter((status) => !(PARTNER_STATUSES as readonly string[]).includes(status));

    fc.assert(
      fc.property(unknownStatus, (status) => {
        expect(() => rideDecider.decide(state, partner(status))).toThrow(ValidationError);
      }),
    );
  });

  it('emits nothing after a finished ride except idempotent repeats', () => {
    const commands = fc.array(
      fc.oneof(
        fc.constantFrom(...PARTNER_STATUSES).map((status) => partner(status, { etaAt: '2025-03-10T12:58:00.000Z' })),
        fc.constant<RideCommand>({ type: 'CancelRide', reason: 'changed plans', cancelledAt: '2025-03-10T09:00:00.000Z' }),
      ),
      { maxLength: 12 },
    );

    fc.assert(
      fc.property(commands, (sequence) => {
        const history: RideEvent[] = [requested, booked];
        let finishedAt = -1;
        for (const command of sequence) {
          try {
            const events = rideDecider.decide(foldEvents(rideDecider, history), command);
            if (finishedAt >= 0) {
              expect(events).toEqual([]);
            }
            history.push(...events);
          } catch (error) {
            expect(error instanceof ConflictError || error instanceof ValidationError).toBe(true);
          }
          const status = foldEvents(rideDecider, history).status;
          if (finishedAt < 0 && ['completed', 'cancelled', 'failed'].includes(status)) {
            finishedAt = history.length;
          }
        }
      }),
    );
  });
});
