// The ride command path: request a ride on its stream, book it with a partner under the ride id
// as idempotency key, record the partner's response and later tracking updates, cancel. Every write
// goes through the AggregateRepository with a command id derived from the ride and the step, so a
// step repeated after a crash stores nothing twice and the partner books nothing twice.

import type { Logger } from 'pino';

import { foldEvents } from '../../domain/shared/decider';
import { NotFoundError } from '../../domain/shared/errors';
import { estimatedRoadKm, planPickup, rideDecider, type GeoPoint, type PartnerUpdate, type RideEvent, type RideRequested, type RideState, type TransportMode } from '../../domain/logistics';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore } from '../../infra/event-store/event-store.port';
import { PartnerResponseError, type RideBookingRequest, type RideBookingResult, type RidePartner, type RidePartners } from '../../infra/logistics/ride-partner.port';
import type { AggregateRepository } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

export const rideStreamId = (rideId: string): string => `ride-${rideId}`;

export interface RideOrder {
  rideId: string;
  journeyId: string;
  patientId: string;
  partnerId: string;
  mode: TransportMode;
  pickup: GeoPoint;
  dropoff: GeoPoint;
  /** When the patient must arrive; the pickup time is planned back from it. */
  arriveBy: string;
  /** The journey's state as the caller read it; a closed journey gets no ride. */
  journeyStatus: 'open' | 'closed';
}

export type RideOrderOutcome = { outcome: 'booked'; partnerReference: string } | { outcome: 'rejected'; reason: string };

export class RideService {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly store: EventStore,
    private readonly partners: RidePartners,
    private readonly logger: Logger,
  ) {}

  /** Requests, books and records one ride; safe to call again with the same order. */
  async order(order: RideOrder, context: CommandContext): Promise<RideOrderOutcome> {
    const pickup = planPickup(order.mode, Math.min(1000, estimatedRoadKm(order.pickup, order.dropoff)), order.arriveBy);
    await this.repository.handle(
      rideStreamId(order.rideId),
      rideDecider,
      {
        type: 'RequestRide',
        rideId: order.rideId,
        journeyId: order.journeyId,
        patientId: order.patientId,
        journeyStatus: order.journeyStatus,
        mode: order.mode,
        pickupAt: pickup.pickupAt,
        pickup: order.pickup,
        dropoff: order.dropoff,
        requestedAt: context.receivedAt,
      },
      step(context, order.rideId, 'request'),
      { createsStream: true },
    );

    const partner = this.partners.get(order.partnerId);
    const answer = await this.book(partner, {
      idempotencyKey: order.rideId,
      rideId: order.rideId,
      mode: order.mode,
      pickup: order.pickup,
      dropoff: order.dropoff,
      pickupAt: pickup.pickupAt,
      requestedAt: context.receivedAt,
    });

    if (answer.outcome === 'rejected') {
      await this.repository.handle(
        rideStreamId(order.rideId),
        rideDecider,
        { type: 'RecordBookingFailure', partnerId: partner.partnerId, reason: answer.reason, failedAt: context.receivedAt },
        step(context, order.rideId, 'booking-failed'),
      );
      await this.cancelQuietly(order.partnerId, order.rideId);
      return answer;
    }

    await this.repository.handle(
      rideStreamId(order.rideId),
      rideDecider,
      { type: 'BookRide', partnerId: partner.partnerId, partnerReference: answer.partnerReference, bookedAt: context.receivedAt },
      step(context, order.rideId, 'book'),
    );
    await partner.startTracking?.(order.rideId);
    return answer;
  }

  // A response the adapter cannot read (an unknown status, a missing reference) counts as a failed
  // booking, so the journey retries or moves to the next partner instead of waiting.
  private async book(partner: RidePartner, request: RideBookingRequest): Promise<RideBookingResult> {
    try {
      return await partner.book(request);
    } catch (error) {
      if (!(error instanceof PartnerResponseError)) throw error;
      this.logger.error({ partnerId: partner.partnerId, rideId: request.rideId, err: error }, 'ride partner response could not be read; booking recorded as failed');
      return { outcome: 'rejected', reason: error.message };
    }
  }

  async cancel(rideId: string, reason: string, context: CommandContext): Promise<void> {
    const state = await this.load(rideId);
    if (state.status === 'none' || state.status === 'completed' || state.status === 'failed' || state.status === 'arrived') {
      return;
    }
    await this.repository.handle(rideStreamId(rideId), rideDecider, { type: 'CancelRide', reason, cancelledAt: context.receivedAt }, step(context, rideId, 'cancel'));
    if (state.partnerId) await this.cancelQuietly(state.partnerId, rideId);
  }

  /** Records a partner's tracking update; an unknown status is a ValidationError naming it. */
  async recordUpdate(rideId: string, update: PartnerUpdate, context: CommandContext): Promise<void> {
    await this.repository.handle(rideStreamId(rideId), rideDecider, { type: 'RecordPartnerUpdate', update }, context);
  }

  async load(rideId: string): Promise<RideState> {
    const events = await this.store.readStream(rideStreamId(rideId));
    return foldEvents(rideDecider, events.map((event) => upcastStoredEvent(event) as unknown as RideEvent));
  }

  async request(rideId: string): Promise<RideRequested['data']> {
    const events = await this.store.readStream(rideStreamId(rideId));
    const requested = events.find((event) => event.type === 'RideRequested');
    if (!requested) {
      throw new NotFoundError(`ride ${rideId} was not found; check the ride id`);
    }
    return upcastStoredEvent<RideRequested['data']>(requested).data;
  }

  // A cancellation the partner does not take is logged: the ride is cancelled on our side, and
  // the partner's own no-show rules apply to a booking it kept.
  private async cancelQuietly(partnerId: string, rideId: string): Promise<void> {
    try {
      await this.partners.get(partnerId).cancel(rideId, `${rideId}:cancel`);
    } catch (error) {
      this.logger.warn({ partnerId, rideId, err: error }, 'ride partner did not confirm a cancellation');
    }
  }
}

function step(context: CommandContext, rideId: string, name: string): CommandContext {
  return { ...context, commandId: `${context.commandId}/${rideId}/${name}` };
}

