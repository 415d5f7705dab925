import pino from 'pino';

import { ConflictError } from '../../domain/shared/errors';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { PartnerResponseError, RidePartners, type RideBookingRequest, type RidePartner } from '../../infra/logistics/ride-partner.port';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { AggregateRepository } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import { RideService, rideStreamId, type RideOrder } from './ride-service';

// The ride command path on PGlite with scripted partners: the pickup plan, one booking per key,
// an unreadable partner response recorded as a failure, and a closed journey rejected.

const context = (commandId: string): CommandContext => ({
  commandId,
  correlationId: commandId,
  causationId: null,
  actor: { id: 'care-journey-saga', role: 'system' },
  receivedAt: '2025-03-10T10:00:00.000Z',
});

const order = (rideId: string, partnerId: string, journeyStatus: 'open' | 'closed' = 'open'): RideOrder => ({
  rideId,
  journeyId: 'journey-3',
  patientId: 'patient-3',
  partnerId,
  mode: 'standard-ride',
  pickup: { lat: 43.6532, lon: -79.3832 },
  dropoff: { lat: 43.6629, lon: -79.3957 },
  arriveBy: '2025-03-12T14:00:00.000Z',
  journeyStatus,
});

class ScriptedPartner implements RidePartner {
  readonly sandbox = false;
  readonly requests: RideBookingRequest[] = [];

  constructor(
    readonly partnerId: string,
    private readonly respond: (request: RideBookingRequest) => Promise<{ outcome: 'booked'; partnerReference: string }>,
  ) {}

  book(request: RideBookingRequest) {
    this.requests.push(request);
    return this.respond(request);
  }

  async cancel(): Promise<void> {}
}

describe('ride service', () => {
  let database: TestSql;
  let store: SqlEventStore;
  let service: RideService;
  const good = new ScriptedPartner('good-rides', async (request) => ({ outcome: 'booked', partnerReference: `G-${request.rideId}` }));
  const garbled = new ScriptedPartner('garbled-rides', async () => {
    throw new PartnerResponseError("partner garbled-rides returned the unknown booking status 'teleported'");
  });

  beforeAll(async () => {
    database = await openPGliteForTests();
    store = await SqlEventStore.create(database.sql);
    service = new RideService(new AggregateRepository(store), store, new RidePartners([good, garbled]), pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('plans the pickup and books once per key', async () => {
    await service.order(order('journey-3:ride:a1:p0:a1', 'good-rides'), context('arrange-1'));
    await service.order(order('journey-3:ride:a1:p0:a1', 'good-rides'), context('arrange-1'));

    const types = (await store.readStream(rideStreamId('journey-3:ride:a1:p0:a1'))).map((event) => event.type);
    expect(types).toEqual(['RideRequested', 'RideBooked']);
    expect(good.requests.map((request) => request.idempotencyKey)).toEqual(['journey-3:ride:a1:p0:a1', 'journey-3:ride:a1:p0:a1']);
    // About 2 km of road at 35 km/h is 4 minutes (rounded up), plus the 15-minute margin.
    expect(good.requests[0]!.pickupAt).toBe('2025-03-12T13:41:00.000Z');
  });

  it('records an unreadable response as a failed booking', async () => {
    const outcome = await service.order(order('journey-3:ride:a2:p1:a1', 'garbled-rides'), context('arrange-2'));

    expect(outcome).toEqual({ outcome: 'rejected', reason: "partner garbled-rides returned the unknown booking status 'teleported'" });
    const events = await store.readStream(rideStreamId('journey-3:ride:a2:p1:a1'));
    expect(events.map((event) => event.type)).toEqual(['RideRequested', 'RideFailed']);
  });

  it('rejects a ride for a closed journey', async () => {
    const attempt = service.order(order('journey-3:ride:late', 'good-rides', 'closed'), context('arrange-3'));

    await expect(attempt).rejects.toThrow(ConflictError);
    expect(await store.readStream(rideStreamId('journey-3:ride:late'))).toEqual([]);
  });
});
