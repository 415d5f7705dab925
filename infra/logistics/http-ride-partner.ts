// A ride partner's health API over HTTP. Every request carries the partner's API key and an
// Idempotency-Key header, and times out. The partner's booking statuses are mapped to booked or
// rejected; a status this adapter does not know is an error naming it, never a guess.
//
//   POST {baseUrl}/v1/rides                 body: ride request  →  { reference, status, reason? }
//   POST {baseUrl}/v1/rides/{rideId}/cancel                     →  2xx, or 404 for an unknown ride

import type { Logger } from 'pino';

import { PartnerResponseError, type RideBookingRequest, type RideBookingResult, type RidePartner } from './ride-partner.port';

export { PartnerResponseError };

export interface HttpRidePartnerOptions {
  partnerId: string;
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

const BOOKED_STATUSES = new Set(['confirmed', 'scheduled', 'accepted']);
const REJECTED_STATUSES = new Set(['rejected', 'no_capacity', 'out_of_area']);

export class HttpRidePartner implements RidePartner {
  readonly sandbox = false;
  readonly partnerId: string;

  constructor(
    private readonly options: HttpRidePartnerOptions,
    private readonly logger: Logger,
  ) {
    this.partnerId = options.partnerId;
  }

  async book(request: RideBookingRequest): Promise<RideBookingResult> {
    const body = { rideId: request.rideId, mode: request.mode, pickup: request.pickup, dropoff: request.dropoff, pickupAt: request.pickupAt };
    const response = await this.post('/v1/rides', request.idempotencyKey, body);

    // A server error or a timeout leaves the outcome unknown. The ride is reported failed, and the
    // ride service cancels this key before the journey moves on, so a booking made anyway is released.
    if (response.status >= 500) {
      return { outcome: 'rejected', reason: `partner ${this.partnerId} answered HTTP ${response.status}` };
    }
    if (response.status >= 400) {
      throw new PartnerResponseError(`partner ${this.partnerId} rejected the request for ride ${request.rideId} with HTTP ${response.status}; check the adapter's request format`);
    }

    const answer = (await response.json()) as { reference?: unknown; status?: unknown; reason?: unknown };
    const status = String(answer.status);
    if (BOOKED_STATUSES.has(status)) {
      if (typeof answer.reference !== 'string' || answer.reference === '') {
        throw new PartnerResponseError(`partner ${this.partnerId} booked ride ${request.rideId} (status '${status}') without a reference; the partner must return one`);
      }
      return { outcome: 'booked', partnerReference: answer.reference };
    }
    if (REJECTED_STATUSES.has(status)) {
      return { outcome: 'rejected', reason: `partner ${this.partnerId}: ${status}${typeof answer.reason === 'string' ? ` (${answer.reason})` : ''}` };
    }
    throw new PartnerResponseError(
      `partner ${this.partnerId} returned the unknown booking status '${status}' for ride ${request.rideId}; expected one of ${[...BOOKED_STATUSES, ...REJECTED_STATUSES].join(', ')}`,
    );
  }

  async cancel(rideId: string, idempotencyKey: string): Promise<void> {
    const response = await this.post(`/v1/rides/${encodeURIComponent(rideId)}/cancel`, idempotencyKey, {});
    if (response.status === 404) return;
    if (!response.ok) {
      throw new PartnerResponseError(`partner ${this.partnerId} did not cancel ride ${rideId}: HTTP ${response.status}`);
    }
  }

  private async post(path: string, idempotencyKey: string, body: unknown): Promise<Response> {
    const started = Date.now();
    try {
      const response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      this.logger.debug({ partnerId: this.partnerId, path, status: response.status, ms: Date.now() - started }, 'ride partner responded');
      return response;
    } catch (error) {
      const timedOut = isTimeout(error);
      this.logger.warn({ partnerId: this.partnerId, path, timeoutMs: this.options.timeoutMs, err: error }, timedOut ? 'ride partner timed out' : 'ride partner unreachable');
      return new Response(null, { status: timedOut ? 504 : 503 });
    }
  }
}

// DOMException is not an Error subclass in every realm, so the name is checked, on the error and on its cause.
function isTimeout(error: unknown): boolean {
  const name = (value: unknown) => (typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined);
  const names = [name(error), name((error as { cause?: unknown } | null)?.cause)];
  return names.includes('TimeoutError') || names.includes('AbortError');
}
