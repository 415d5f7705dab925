// Transport to an appointment: the mode, its estimated cost and the pickup time that gets the
// patient there with a margin.

import { ValidationError } from '../shared/errors';

export const TRANSPORT_MODES = [
  'ambulance',
  'non-urgent-transfer',
  'accessible-vehicle',
  'assisted-ride',
  'standard-ride',
  'public-transit',
  'self',
] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export type Acuity = 'critical' | 'urgent' | 'routine';
export type Mobility = 'independent' | 'needs-assistance' | 'wheelchair' | 'stretcher';

export interface TransportNeeds {
  acuity: Acuity;
  mobility: Mobility;
  /** Road distance from pickup to the appointment, km. */
  distanceKm: number;
  /** The patient drives or is driven by family. */
  hasOwnTransport: boolean;
  /** A transit route serves both ends of the trip. */
  transitAvailable: boolean;
}

export interface TransportDecision {
  mode: TransportMode;
  reason: string;
}

/** Transit is offered for routine trips up to this distance; longer trips take too many transfers. */
const MAX_TRANSIT_KM = 15;

/** Picks the least intensive mode that is safe for the patient's acuity and mobility. */
export function chooseTransportMode(needs: TransportNeeds): TransportDecision {
  requireDistance(needs.distanceKm);

  if (needs.acuity === 'critical') {
    return { mode: 'ambulance', reason: 'critical acuity needs paramedic care on the way' };
  }
  if (needs.mobility === 'stretcher') {
    return { mode: 'non-urgent-transfer', reason: 'the patient travels lying down, which needs a stretcher vehicle' };
  }
  if (needs.mobility === 'wheelchair') {
    return { mode: 'accessible-vehicle', reason: 'the patient travels in a wheelchair' };
  }
  if (needs.mobility === 'needs-assistance') {
    return { mode: 'assisted-ride', reason: 'the patient needs a driver who helps from door to door' };
  }
  if (needs.hasOwnTransport) {
    return { mode: 'self', reason: 'the patient has their own transport' };
  }
  if (needs.acuity === 'routine' && needs.transitAvailable && needs.distanceKm <= MAX_TRANSIT_KM) {
    return { mode: 'public-transit', reason: `a routine trip of at most ${MAX_TRANSIT_KM} km on a served transit route` };
  }
  return { mode: 'standard-ride', reason: needs.acuity === 'urgent' ? 'an urgent trip goes door to door' : 'no transit route or too far for transit' };
}

export interface ModeRate {
  /** Fixed charge per trip, CAD. */
  baseCad: number;
  /** Charge per road kilometre, CAD. */
  perKmCad: number;
  /** Average door-to-door speed including traffic, km/h. */
  speedKmh: number;
  /** Boarding, loading and waiting time added to the drive, minutes. */
  handlingMinutes: number;
  basis: string;
}

// NOTE: these rates are planning estimates as of 2024, not quotes. A partner's own price replaces
// them once a ride is booked, and a user outside Toronto sees estimates that may be off by half.
export const MODE_RATES: Readonly<Record<TransportMode, ModeRate>> = {
  ambulance: {
    baseCad: 240,
    perKmCad: 0,
    speedKmh: 50,
    handlingMinutes: 15,
    basis:
      'Ontario land ambulance: $240 is what the province bills a trip that is not medically necessary, described as the average trip cost; an insured patient pays a $45 co-payment',
  },
  'non-urgent-transfer': {
    baseCad: 125,
    perKmCad: 1.75,
    speedKmh: 40,
    handlingMinutes: 20,
    basis: 'no public Ontario tariff; Quebec’s regulated ambulance transport tariff ($125 pickup, $1.75/km) used as a proxy',
  },
  'accessible-vehicle': {
    baseCad: 4.25,
    perKmCad: 1.75,
    speedKmh: 35,
    handlingMinutes: 10,
    basis: 'City of Toronto taxicab meter, which licensed accessible taxis must also charge ($4.25 first 0.143 km, $0.25 per 0.143 km)',
  },
  'assisted-ride': {
    baseCad: 25,
    perKmCad: 1.75,
    speedKmh: 35,
    handlingMinutes: 10,
    basis: 'Toronto taxicab meter plus an estimated $20.75 for the driver’s door-to-door help',
  },
  'standard-ride': {
    baseCad: 4.25,
    perKmCad: 1.75,
    speedKmh: 35,
    handlingMinutes: 0,
    basis: 'City of Toronto taxicab meter ($4.25 first 0.143 km, $0.25 per 0.143 km); waiting time not included',
  },
  'public-transit': {
    baseCad: 3.3,
    perKmCad: 0,
    speedKmh: 18,
    handlingMinutes: 10,
    basis: 'estimate: about one TTC adult single fare in 2024; speed includes walking and one transfer',
  },
  self: {
    baseCad: 0,
    perKmCad: 0,
    speedKmh: 35,
    handlingMinutes: 10,
    basis: 'no cost to the program; handling time is parking',
  },
};

export interface CostEstimate {
  mode: TransportMode;
  distanceKm: number;
  amountCad: number;
  basis: string;
}

export function estimateTransportCost(mode: TransportMode, distanceKm: number): CostEstimate {
  requireDistance(distanceKm);

  const rate = MODE_RATES[mode];
  const amountCad = Math.round((rate.baseCad + rate.perKmCad * distanceKm) * 100) / 100;
  return { mode, distanceKm, amountCad, basis: rate.basis };
}

/** Margin before the appointment, minutes: time to find the clinic and check in. */
export const ARRIVAL_MARGIN_MINUTES = 15;

export interface PickupPlan {
  pickupAt: string;
  travelMinutes: number;
}

/** Pickup time = appointment time - travel time (distance / mode speed + handling) - margin. */
export function planPickup(mode: TransportMode, distanceKm: number, appointmentAt: string): PickupPlan {
  requireDistance(distanceKm);
  const appointmentMs = Date.parse(appointmentAt);
  if (Number.isNaN(appointmentMs)) {
    throw ValidationError.forField('appointmentAt', `must be an ISO 8601 timestamp, found '${appointmentAt}'`);
  }

  const rate = MODE_RATES[mode];
  const travelMinutes = Math.ceil((distanceKm / rate.speedKmh) * 60) + rate.handlingMinutes;
  const pickupMs = appointmentMs - (travelMinutes + ARRIVAL_MARGIN_MINUTES) * 60_000;
  return { pickupAt: new Date(pickupMs).toISOString(), travelMinutes };
}

function requireDistance(distanceKm: number): void {
  if (!Number.isFinite(distanceKm) || distanceKm < 0 || distanceKm > 1000) {
    throw ValidationError.forField('distanceKm', `must be a road distance from 0 to 1000 km, found ${distanceKm}`);
  }
}
