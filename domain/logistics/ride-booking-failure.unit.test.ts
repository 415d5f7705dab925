import { foldEvents } from '../shared/decider';
import { ConflictError } from '../shared/errors';
import { rideDecider, type RideCommand, type RideEvent } from './ride';

// Given ride events, when the partner turns the booking down, then RideFailed or a conflict.

const requested: RideEvent = {
  type: 'RideRequested',
  data: {
    rideId: 'ride-9',
    journeyId: 'journey-9',
    patientId: 'patient-9',
    mode: 'assisted-ride',
    pickupAt: '2025-03-10T13:00:00.000Z',
    pickup: { lat: 43.65, lon: -79.38 },
    dropoff: { lat: 43.66, lon: -79.39 },
    requestedAt: '2025-03-09T10:00:00.000Z',
  },
};
const rejected: RideCommand = { type: 'RecordBookingFailure', partnerId: 'acme-rides', reason: 'no vehicle', failedAt: '2025-03-09T10:00:02.000Z' };
const decide = (events: RideEvent[], command: RideCommand) => rideDecider.decide(foldEvents(rideDecider, events), command);

describe('ride booking failure', () => {
  it('fails a requested ride', () => {
    expect(decide([requested], rejected)).toEqual([
      { type: 'RideFailed', data: { rideId: 'ride-9', partnerId: 'acme-rides', reason: 'no vehicle', failedAt: '2025-03-09T10:00:02.000Z' } },
    ]);
  });

  it('records nothing the second time', () => {
    const failed = decide([requested], rejected);

    expect(decide([requested, ...failed], rejected)).toEqual([]);
  });

  it('rejects a failure after the booking', () => {
    const booked: RideEvent = { type: 'RideBooked', data: { rideId: 'ride-9', partnerId: 'acme-rides', partnerReference: 'R-1', bookedAt: '2025-03-09T10:00:01.000Z' } };

    expect(() => decide([requested, booked], rejected)).toThrow(ConflictError);
    expect(() => decide([requested, booked], rejected)).toThrow(/ride ride-9 is booked/);
  });

  it('keeps the patient id on the request', () => {
    const command: RideCommand = { ...requested.data, type: 'RequestRide', journeyStatus: 'open' };

    expect(decide([], command)).toEqual([requested]);
  });
});
