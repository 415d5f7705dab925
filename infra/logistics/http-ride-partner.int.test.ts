import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import pino from 'pino';

import { LocalRidePartner } from '../../test/journeys/local-ride-partner';
import { HttpRidePartner, PartnerResponseError } from './http-ride-partner';
import type { RideBookingRequest } from './ride-partner.port';

// The HTTP ride partner adapter against a partner API served on 127.0.0.1 by the test: headers,
// idempotency, status mapping, server errors and timeouts.

const API_KEY = 'partner-test-key';
const request: RideBookingRequest = {
  idempotencyKey: 'journey-7:ride:a1:p0:a1',
  rideId: 'journey-7:ride:a1:p0:a1',
  mode: 'assisted-ride',
  pickup: { lat: 43.65, lon: -79.38 },
  dropoff: { lat: 43.66, lon: -79.39 },
  pickupAt: '2025-03-12T13:10:00.000Z',
  requestedAt: '2025-03-10T10:00:00.000Z',
};
const silent = pino({ level: 'silent' });

describe('HTTP ride partner', () => {
  const partnerApi = new LocalRidePartner(API_KEY, 'fails-here');
  let adapter: HttpRidePartner;

  beforeAll(async () => {
    const baseUrl = await partnerApi.start();
    adapter = new HttpRidePartner({ partnerId: 'health-rides', baseUrl, apiKey: API_KEY, timeoutMs: 1_000 }, silent);
  });

  afterAll(async () => {
    await partnerApi.stop();
  });

  beforeEach(() => {
    partnerApi.reset();
    partnerApi.forcedAnswer = undefined;
  });

  it('sends the API key and the idempotency key', async () => {
    await adapter.book(request);

    expect(partnerApi.calls).toHaveLength(1);
    expect(partnerApi.calls[0]!.authorization).toBe(`Bearer ${API_KEY}`);
    expect(partnerApi.calls[0]!.idempotencyKey).toBe(request.idempotencyKey);
    expect(partnerApi.calls[0]!.body).toEqual({ rideId: request.rideId, mode: 'assisted-ride', pickup: request.pickup, dropoff: request.dropoff, pickupAt: request.pickupAt });
  });

  it('books once when the same key is sent twice', async () => {
    const first = await adapter.book(request);
    const second = await adapter.book(request);

    expect(first).toEqual({ outcome: 'booked', partnerReference: 'HR-1' });
    expect(second).toEqual(first);
    expect(partnerApi.answers.size).toBe(1);
    expect(partnerApi.callsPerKey().get(request.idempotencyKey)).toBe(2);
  });

  it('maps no_capacity to a rejection with the reason', async () => {
    const result = await adapter.book({ ...request, idempotencyKey: 'fails-here-1', rideId: 'fails-here-1' });

    expect(result).toEqual({ outcome: 'rejected', reason: 'partner health-rides: no_capacity' });
  });

  it('rejects an unknown booking status by name', async () => {
    partnerApi.forcedAnswer = { httpStatus: 200, body: { status: 'teleported', reference: 'X' } };

    await expect(adapter.book(request)).rejects.toThrow(PartnerResponseError);
    await expect(adapter.book(request)).rejects.toThrow(/unknown booking status 'teleported'/);
  });

  it('rejects a booking without a reference', async () => {
    partnerApi.forcedAnswer = { httpStatus: 201, body: { status: 'confirmed' } };

    await expect(adapter.book(request)).rejects.toThrow(/without a reference/);
  });

  it('reports a server error as a failed booking', async () => {
    partnerApi.forcedAnswer = { httpStatus: 503, body: { error: 'maintenance' } };

    expect(await adapter.book(request)).toEqual({ outcome: 'rejected', reason: 'partner health-rides answered HTTP 503' });
  });

  it('raises a client error naming the ride', async () => {
    const wrongKey = new HttpRidePartner({ partnerId: 'health-rides', baseUrl: (adapter as unknown as { options: { baseUrl: string } }).options.baseUrl, apiKey: 'wrong', timeoutMs: 1_000 }, silent);

    await expect(wrongKey.book(request)).rejects.toThrow(/rejected the request for ride journey-7:ride:a1:p0:a1 with HTTP 401/);
  });

  it('sends a cancellation with its own key', async () => {
    await adapter.cancel(request.rideId, `${request.rideId}:cancel`);

    expect(partnerApi.calls[0]!.path).toBe(`/v1/rides/${encodeURIComponent(request.rideId)}/cancel`);
    expect(partnerApi.cancelled.has(`${request.rideId}:cancel`)).toBe(true);
  });
});

describe('HTTP ride partner timeouts', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // Accepts the request and never responds, like a partner that hangs.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reports a timeout as a failed booking', async () => {
    const adapter = new HttpRidePartner({ partnerId: 'slow-rides', baseUrl, apiKey: API_KEY, timeoutMs: 200 }, silent);

    expect(await adapter.book(request)).toEqual({ outcome: 'rejected', reason: 'partner slow-rides answered HTTP 504' });
  });
});
