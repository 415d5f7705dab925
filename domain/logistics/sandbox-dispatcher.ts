// The sandbox dispatcher's simulation core: given a seed and a ride request, the partner updates
// a real dispatcher would send (driver assigned, ETA and position updates, arrival, completion,
// or a failure). It is a labelled sandbox partner for demos and tests, never a real one, and the
// adapter that replays these updates on a clock lives in infra.

import { estimatedRoadKm, interpolate } from './geo';
import type { GeoPoint, PartnerUpdate } from './ride';
import { MODE_RATES, type TransportMode } from './transport';

export const SANDBOX_PARTNER_ID = 'sandbox-dispatcher';

export interface SandboxRideRequest {
  rideId: string;
  mode: TransportMode;
  pickup: GeoPoint;
  dropoff: GeoPoint;
  pickupAt: string;
  requestedAt: string;
}

export interface SandboxOptions {
  /** Share of requests that fail with no driver available, from 0 to 1. */
  failureRate?: number;
}

const MINUTE_MS = 60_000;
/** A driver is assigned this long before the pickup, so the sandbox looks like a scheduled ride. */
const ASSIGN_BEFORE_PICKUP_MINUTES = 30;
const ETA_UPDATE_EVERY_MINUTES = 2;
const DRIVERS = ['Amira K.', 'Jean-Luc B.', 'Priya S.', 'Tom W.', 'Mei L.', 'Kwame A.'];
const VEHICLES = ['white Toyota Sienna', 'grey Honda Odyssey', 'blue Ford Transit', 'black Toyota Camry'];

/** Lists, in time order, every update the sandbox will send for this request; the same seed gives the same list. */
export function simulateSandboxDispatch(seed: number, request: SandboxRideRequest, options: SandboxOptions = {}): PartnerUpdate[] {
  const random = mulberry32(seed ^ hashText(request.rideId));
  const requestedMs = Date.parse(request.requestedAt);
  const update = (status: string, atMs: number, extra: Partial<PartnerUpdate> = {}): PartnerUpdate => ({
    partnerId: SANDBOX_PARTNER_ID,
    status,
    occurredAt: new Date(atMs).toISOString(),
    ...extra,
  });

  if (random() < (options.failureRate ?? 0.1)) {
    return [update('failed', requestedMs + minutes(2 + random() * 4), { reason: 'sandbox: no driver available' })];
  }

  // 1. Assign a driver some kilometres away.
  const pickupMs = Date.parse(request.pickupAt);
  const assignedMs = Math.max(requestedMs + minutes(1 + random() * 3), pickupMs - minutes(ASSIGN_BEFORE_PICKUP_MINUTES));
  const start = offsetPoint(request.pickup, 2 + random() * 4, random() * 2 * Math.PI);
  const speedKmh = MODE_RATES[request.mode].speedKmh;
  const approachMinutes = (estimatedRoadKm(start, request.pickup) / speedKmh) * 60;
  const arrivalMs = Math.max(pickupMs, assignedMs + minutes(approachMinutes));
  const departMs = arrivalMs - minutes(approachMinutes);
  const updates = [
    update('driver_assigned', assignedMs, {
      driverName: DRIVERS[Math.floor(random() * DRIVERS.length)]!,
      vehicle: VEHICLES[Math.floor(random() * VEHICLES.length)]!,
    }),
  ];

  // 2. Report the ETA and position every few minutes while the driver approaches.
  const etaAt = new Date(arrivalMs).toISOString();
  for (let atMs = departMs; atMs < arrivalMs; atMs += minutes(ETA_UPDATE_EVERY_MINUTES)) {
    const fraction = (atMs - departMs) / (arrivalMs - departMs);
    updates.push(update('eta_updated', Math.max(atMs, assignedMs), { etaAt, position: interpolate(start, request.pickup, fraction) }));
  }

  // 3. Arrive, board, drive to the destination and complete.
  const tripMinutes = (estimatedRoadKm(request.pickup, request.dropoff) / speedKmh) * 60 + MODE_RATES[request.mode].handlingMinutes;
  updates.push(update('arrived', arrivalMs));
  updates.push(update('completed', arrivalMs + minutes(tripMinutes)));
  return updates;
}

function minutes(count: number): number {
  return Math.round(count * MINUTE_MS);
}

/** Moves a point by `km` along `bearing` (radians), with a flat-earth approximation. */
function offsetPoint(point: GeoPoint, km: number, bearing: number): GeoPoint {
  const kmPerDegreeLat = 111.32;
  const kmPerDegreeLon = kmPerDegreeLat * Math.cos((point.lat * Math.PI) / 180);
  return { lat: point.lat + (km * Math.cos(bearing)) / kmPerDegreeLat, lon: point.lon + (km * Math.sin(bearing)) / kmPerDegreeLon };
}

/** Mulberry32, a small seeded generator: the sandbox needs repeatability, not cryptographic quality. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashText(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  }
  return hash >>> 0;
}
