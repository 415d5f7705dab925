// The ride aggregate: one stream per ride, from request to completion. Partner status updates
// arrive as free-form strings from partner webhooks; an unknown status is rejected rather than
// guessed, and a repeated update returns no events, because partners redeliver webhooks.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ValidationError } from '../shared/errors';
import type { DomainEvent, EventDefinition } from '../shared/events';
import type { TransportMode } from './transport';

export interface GeoPoint {
  lat: number;
  lon: number;
}

export type RideRequested = DomainEvent<
  'RideRequested',
  {
    rideId: string;
    journeyId: string;
    /** Names the patient whose key encrypts the pickup and drop-off points; absent on rides requested before it was added. */
    patientId?: string;
    mode: TransportMode;
    pickupAt: string;
    pickup: GeoPoint;
    dropoff: GeoPoint;
    requestedAt: string;
  }
>;
export type RideBooked = DomainEvent<'RideBooked', { rideId: string; partnerId: string; partnerReference: string; bookedAt: string }>;
export type DriverAssigned = DomainEvent<'DriverAssigned', { rideId: string; driverName: string; vehicle: string; assignedAt: string }>;
export type RideEtaUpdated = DomainEvent<'RideEtaUpdated', { rideId: string; etaAt: string; position: GeoPoint | null; updatedAt: string }>;
export type RideArrived = DomainEvent<'RideArrived', { rideId: string; arrivedAt: string }>;
export type RideCompleted = DomainEvent<'RideCompleted', { rideId: string; completedAt: string }>;
export type RideCancelled = DomainEvent<'RideCancelled', { rideId: string; reason: string; cancelledAt: string }>;
export type RideFailed = DomainEvent<'RideFailed', { rideId: string; partnerId: string; reason: string; failedAt: string }>;

export type RideEvent = RideRequested | RideBooked | DriverAssigned | RideEtaUpdated | RideArrived | RideCompleted | RideCancelled | RideFailed;

// Pickup and drop-off points locate the patient's home and care, and the driver's position follows
// the patient, so they are PHI.
export const RIDE_EVENT_DEFINITIONS: EventDefinition<RideEvent['type']>[] = [
  { type: 'RideRequested', schemaVersion: 1, phiFields: ['pickup', 'dropoff'] },
  { type: 'RideBooked', schemaVersion: 1, phiFields: [] },
  { type: 'DriverAssigned', schemaVersion: 1, phiFields: [] },
  { type: 'RideEtaUpdated', schemaVersion: 1, phiFields: ['position'] },
  { type: 'RideArrived', schemaVersion: 1, phiFields: [] },
  { type: 'RideCompleted', schemaVersion: 1, phiFields: [] },
  { type: 'RideCancelled', schemaVersion: 1, phiFields: [] },
  { type: 'RideFailed', schemaVersion: 1, phiFields: [] },
];

export const PARTNER_STATUSES = ['driver_assigned', 'eta_updated', 'arrived', 'completed', 'failed'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export interface PartnerUpdate {
  partnerId: string;
  /** Checked against PARTNER_STATUSES; anything else is rejected. */
  status: string;
  occurredAt: string;
  driverName?: string;
  vehicle?: string;
  etaAt?: string;
  position?: GeoPoint;
  reason?: string;
}

export type RideCommand =
  | {
      type: 'RequestRide';
      rideId: string;
      journeyId: string;
      patientId?: string;
      /** The journey's state as the handler read it; a closed journey gets no new ride. */
      journeyStatus: 'open' | 'closed';
      mode: TransportMode;
      pickupAt: string;
      pickup: GeoPoint;
      dropoff: GeoPoint;
      requestedAt: string;
    }
  | { type: 'BookRide'; partnerId: string; partnerReference: string; bookedAt: string }
  /** The partner turned the booking request down, so the ride never had a partner. */
  | { type: 'RecordBookingFailure'; partnerId: string; reason: string; failedAt: string }
  | { type: 'RecordPartnerUpdate'; update: PartnerUpdate }
  | { type: 'CancelRide'; reason: string; cancelledAt: string };

export type RideStatus = 'none' | 'requested' | 'booked' | 'driver-assigned' | 'arrived' | 'completed' | 'cancelled' | 'failed';

export interface RideState {
  status: RideStatus;
  rideId: string | null;
  partnerId: string | null;
  etaAt: string | null;
}

const FINISHED: RideStatus[] = ['completed', 'cancelled', 'failed'];

export const rideDecider: Decider<RideState, RideCommand, RideEvent> = {
  initialState: () => ({ status: 'none', rideId: null, partnerId: null, etaAt: null }),
  decide: decideRide,
  evolve: evolveRide,
};

function decideRide(state: RideState, command: RideCommand): RideEvent[] {
  switch (command.type) {
    case 'RequestRide':
      return requestRide(state, command);
    case 'BookRide':
      return bookRide(state, command);
    case 'RecordBookingFailure':
      return recordBookingFailure(state, command);
    case 'RecordPartnerUpdate':
      return recordPartnerUpdate(state, command.update);
    case 'CancelRide':
      return cancelRide(state, command);
    default:
      return assertNever(command, 'ride command');
  }
}

function requestRide(state: RideState, command: Extract<RideCommand, { type: 'RequestRide' }>): RideEvent[] {
  if (command.journeyStatus === 'closed') {
    throw new ConflictError(`journey ${command.journeyId} is closed; a ride can only be requested for an open journey`);
  }
  if (state.status !== 'none') {
    if (state.rideId === command.rideId) {
      return [];
    }
    throw new ConflictError(`this stream already holds ride ${state.rideId}; request ride ${command.rideId} on its own stream`);
  }

  const { rideId, journeyId, patientId, mode, pickupAt, pickup, dropoff, requestedAt } = command;
  const patient = patientId === undefined ? {} : { patientId };
  return [{ type: 'RideRequested', data: { rideId, journeyId, ...patient, mode, pickupAt, pickup, dropoff, requestedAt } }];
}

function recordBookingFailure(state: RideState, command: Extract<RideCommand, { type: 'RecordBookingFailure' }>): RideEvent[] {
  const rideId = requireRide(state);
  if (state.status === 'failed') {
    return [];
  }
  if (state.status !== 'requested') {
    throw new ConflictError(`ride ${rideId} is ${state.status}; only a requested ride can fail to book`);
  }
  return [{ type: 'RideFailed', data: { rideId, partnerId: command.partnerId, reason: command.reason, failedAt: command.failedAt } }];
}

function bookRide(state: RideState, command: Extract<RideCommand, { type: 'BookRide' }>): RideEvent[] {
  const rideId = requireRide(state);
  if (state.status === 'booked' && state.partnerId === command.partnerId) {
    return [];
  }
  if (state.status !== 'requested') {
    throw new ConflictError(`ride ${rideId} is ${state.status}; only a requested ride can be booked`);
  }
  return [{ type: 'RideBooked', data: { rideId, partnerId: command.partnerId, partnerReference: command.partnerReference, bookedAt: command.bookedAt } }];
}

function cancelRide(state: RideState, command: Extract<RideCommand, { type: 'CancelRide' }>): RideEvent[] {
  const rideId = requireRide(state);
  if (state.status === 'cancelled') {
    return [];
  }
  if (FINISHED.includes(state.status) || state.status === 'arrived') {
    throw new ConflictError(`ride ${rideId} is ${state.status}; it can no longer be cancelled`);
  }
  return [{ type: 'RideCancelled', data: { rideId, reason: command.reason, cancelledAt: command.cancelledAt } }];
}

function recordPartnerUpdate(state: RideState, update: PartnerUpdate): RideEvent[] {
  const rideId = requireRide(state);
  const status = parsePartnerStatus(update.status);

  if (state.partnerId !== update.partnerId) {
    throw new ConflictError(`ride ${rideId} is booked with ${state.partnerId ?? 'no partner'}, not ${update.partnerId}`);
  }
  if (FINISHED.includes(state.status)) {
    if (alreadyApplied(state, status)) {
      return [];
    }
    throw new ConflictError(`ride ${rideId} is ${state.status}; the partner status '${status}' arrived too late`);
  }
  return eventsForUpdate(state, rideId, status, update);
}

function eventsForUpdate(state: RideState, rideId: string, status: PartnerStatus, update: PartnerUpdate): RideEvent[] {
  switch (status) {
    case 'driver_assigned':
      if (state.status === 'driver-assigned') return [];
      return [
        { type: 'DriverAssigned', data: { rideId, driverName: update.driverName ?? 'unnamed', vehicle: update.vehicle ?? 'unknown', assignedAt: update.occurredAt } },
      ];
    case 'eta_updated':
      if (!update.etaAt || Number.isNaN(Date.parse(update.etaAt))) {
        throw ValidationError.forField('update.etaAt', 'an eta_updated status needs an ISO 8601 etaAt');
      }
      if (state.etaAt === update.etaAt) return [];
      return [{ type: 'RideEtaUpdated', data: { rideId, etaAt: update.etaAt, position: update.position ?? null, updatedAt: update.occurredAt } }];
    case 'arrived':
      if (state.status === 'arrived') return [];
      return [{ type: 'RideArrived', data: { rideId, arrivedAt: update.occurredAt } }];
    case 'completed':
      if (state.status === 'booked') {
        throw new ConflictError(`ride ${rideId} has no driver yet, so it cannot be completed; send driver_assigned first`);
      }
      return [{ type: 'RideCompleted', data: { rideId, completedAt: update.occurredAt } }];
    case 'failed':
      return [{ type: 'RideFailed', data: { rideId, partnerId: update.partnerId, reason: update.reason ?? 'no reason given', failedAt: update.occurredAt } }];
    default:
      return assertNever(status, 'partner status');
  }
}

export function parsePartnerStatus(status: string): PartnerStatus {
  if (!(PARTNER_STATUSES as readonly string[]).includes(status)) {
    throw ValidationError.forField('update.status', `unknown partner status '${status}'; expected one of ${PARTNER_STATUSES.join(', ')}`);
  }
  return status as PartnerStatus;
}

function alreadyApplied(state: RideState, status: PartnerStatus): boolean {
  return (state.status === 'completed' && status === 'completed') || (state.status === 'failed' && status === 'failed');
}

function requireRide(state: RideState): string {
  if (state.rideId === null) {
    throw new ConflictError('no ride was requested on this stream; request the ride first');
  }
  return state.rideId;
}

function evolveRide(state: RideState, event: RideEvent): RideState {
  switch (event.type) {
    case 'RideRequested':
      return { ...state, status: 'requested', rideId: event.data.rideId };
    case 'RideBooked':
      return { ...state, status: 'booked', partnerId: event.data.partnerId };
    case 'DriverAssigned':
      return { ...state, status: 'driver-assigned' };
    case 'RideEtaUpdated':
      return { ...state, etaAt: event.data.etaAt };
    case 'RideArrived':
      return { ...state, status: 'arrived' };
    case 'RideCompleted':
      return { ...state, status: 'completed' };
    case 'RideCancelled':
      return { ...state, status: 'cancelled' };
    case 'RideFailed':
      return { ...state, status: 'failed' };
    default:
      return assertNever(event, 'ride event');
  }
}
