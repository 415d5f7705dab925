// The transport partner port: book and cancel a ride with a partner, keyed by an idempotency key
// the partner honours, so a booking sent again after a crash books nothing twice. Adapters: an
// HTTP partner (a ride partner's health API) and the sandbox dispatcher, which says it is one.

import type { GeoPoint, PartnerUpdate, TransportMode } from '../../domain/logistics';

export interface RideBookingRequest {
  /** The same key twice books one ride; the ride id is used, so each attempt has its own key. */
  idempotencyKey: string;
  rideId: string;
  mode: TransportMode;
  pickup: GeoPoint;
  dropoff: GeoPoint;
  pickupAt: string;
  requestedAt: string;
}

export type RideBookingResult =
  | { outcome: 'booked'; partnerReference: string }
  | { outcome: 'rejected'; reason: string };

export interface RidePartner {
  readonly partnerId: string;
  /** True for the sandbox dispatcher; production refuses it unless configured on purpose. */
  readonly sandbox: boolean;
  book(request: RideBookingRequest): Promise<RideBookingResult>;
  /** Cancels a booked ride; cancelling twice or cancelling an unknown ride is not an error. */
  cancel(rideId: string, idempotencyKey: string): Promise<void>;
  /** Starts sending tracking updates for a booked ride, where the partner needs to be told. */
  startTracking?(rideId: string): Promise<void>;
}

/** The partner's response could not be read (an unknown status, a missing reference); the message names what. */
export class PartnerResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartnerResponseError';
  }
}

/** Records a partner's tracking update on the ride; the sandbox delivers its simulated updates here. */
export type PartnerUpdateSink = (rideId: string, update: PartnerUpdate, commandId: string) => Promise<void>;

export class RidePartners {
  private readonly byId = new Map<string, RidePartner>();

  constructor(partners: RidePartner[]) {
    for (const partner of partners) this.byId.set(partner.partnerId, partner);
  }

  get(partnerId: string): RidePartner {
    const partner = this.byId.get(partnerId);
    if (!partner) {
      throw new Error(`ride partner ${partnerId} is not configured; list it in OHIP_RIDE_PARTNERS (configured: ${[...this.byId.keys()].join(', ')})`);
    }
    return partner;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}
