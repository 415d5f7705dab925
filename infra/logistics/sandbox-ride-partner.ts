// The sandbox dispatcher as a ride partner: a labelled, simulated partner for demos and tests,
// never a real one. Its partner references start with "SANDBOX-", its failure reasons with
// "sandbox:", and its log lines carry sandbox: true. Bookings are rows of sandbox_ride_bookings,
// keyed by the idempotency key like a real partner's, so a booking sent again returns the first
// answer and the row counts the calls. Tracking updates come from the simulation in
// domain/logistics/sandbox-dispatcher.ts and are delivered through durable timers, one every
// `updateIntervalMs`, so they survive a restart.

import type { Logger } from 'pino';

import { SANDBOX_PARTNER_ID, simulateSandboxDispatch, type PartnerUpdate, type RideRequested } from '../../domain/logistics';
import type { SqlClient } from '../sql/sql-client';
import type { FiredTimer, TimerService } from '../timers/timers.port';
import type { PartnerUpdateSink, RideBookingRequest, RideBookingResult, RidePartner } from './ride-partner.port';

export const SANDBOX_BOOKINGS_SCHEMA = `
create table if not exists sandbox_ride_bookings (
  idempotency_key text primary key,
  partner_id text not null,
  ride_id text not null,
  outcome text not null,
  partner_reference text,
  reason text,
  calls integer not null default 1,
  first_called_at timestamptz not null default now()
);
`;

export const SANDBOX_UPDATE_TIMER = 'sandbox-ride-update';

export interface SandboxRidePartnerOptions {
  partnerId?: string;
  /** Seeds the simulation; the same seed gives every ride the same driver, route and outcome. */
  seed: number;
  /** Share of bookings the sandbox turns down, from 0 to 1. */
  failureRate: number;
  /** Wait between two simulated tracking updates of a ride, ms. */
  updateIntervalMs: number;
}

/** Reads the ride's request back from its stream, so timer payloads carry only the ride id. */
export type RideRequestLookup = (rideId: string) => Promise<RideRequested['data'] | undefined>;

export class SandboxRidePartner implements RidePartner {
  readonly sandbox = true;
  readonly partnerId: string;

  private constructor(
    private readonly sql: SqlClient,
    private readonly timers: TimerService,
    private readonly options: SandboxRidePartnerOptions,
    private readonly logger: Logger,
  ) {
    this.partnerId = options.partnerId ?? SANDBOX_PARTNER_ID;
  }

  static async open(sql: SqlClient, timers: TimerService, options: SandboxRidePartnerOptions, logger: Logger): Promise<SandboxRidePartner> {
    await sql.exec(SANDBOX_BOOKINGS_SCHEMA);
    return new SandboxRidePartner(sql, timers, options, logger.child({ sandbox: true, partnerId: options.partnerId ?? SANDBOX_PARTNER_ID }));
  }

  async book(request: RideBookingRequest): Promise<RideBookingResult> {
    const updates = this.simulate(request);
    const failed = updates[0]?.status === 'failed';
    const outcome: RideBookingResult = failed
      ? { outcome: 'rejected', reason: updates[0]!.reason ?? 'sandbox: no driver available' }
      : { outcome: 'booked', partnerReference: `SANDBOX-${request.rideId}` };

    const { rows } = await this.sql.query<{ outcome: string; partner_reference: string | null; reason: string | null; calls: number }>(
      `insert into sandbox_ride_bookings (idempotency_key, partner_id, ride_id, outcome, partner_reference, reason)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (idempotency_key) do update set calls = sandbox_ride_bookings.calls + 1
       returning outcome, partner_reference, reason, calls`,
      [
        request.idempotencyKey,
        this.partnerId,
        request.rideId,
        outcome.outcome,
        outcome.outcome === 'booked' ? outcome.partnerReference : null,
        outcome.outcome === 'rejected' ? outcome.reason : null,
      ],
    );
    const stored = rows[0]!;
    this.logger.info({ rideId: request.rideId, outcome: stored.outcome, calls: stored.calls }, 'sandbox dispatcher answered a booking');
    return stored.outcome === 'booked'
      ? { outcome: 'booked', partnerReference: stored.partner_reference! }
      : { outcome: 'rejected', reason: stored.reason ?? 'sandbox: no driver available' };
  }

  async cancel(rideId: string, idempotencyKey: string): Promise<void> {
    for (let index = 0; index < MAX_UPDATES; index++) {
      await this.timers.cancel(updateTimerId(rideId, index));
    }
    this.logger.info({ rideId, idempotencyKey }, 'sandbox dispatcher cancelled a ride');
  }

  async startTracking(rideId: string): Promise<void> {
    const at = Date.now();
    for (let index = 0; index < MAX_UPDATES; index++) {
      await this.timers.schedule({
        timerId: updateTimerId(rideId, index),
        kind: SANDBOX_UPDATE_TIMER,
        dueAt: new Date(at + (index + 1) * this.options.updateIntervalMs).toISOString(),
        payload: { rideId, index, partnerId: this.partnerId },
      });
    }
  }

  /** Registers the timer handler that sends the simulated updates to `sink`. */
  registerTracking(lookup: RideRequestLookup, sink: PartnerUpdateSink): void {
    this.timers.handle(SANDBOX_UPDATE_TIMER, (timer) => this.deliverUpdate(timer, lookup, sink));
  }

  private async deliverUpdate(timer: FiredTimer, lookup: RideRequestLookup, sink: PartnerUpdateSink): Promise<void> {
    const { rideId, index, partnerId } = timer.payload as { rideId: string; index: number; partnerId: string };
    if (partnerId !== this.partnerId) return;
    const request = await lookup(rideId);
    if (!request) {
      this.logger.warn({ rideId }, 'sandbox update skipped: the ride has no request on its stream');
      return;
    }

    const updates = tracked(this.simulate(request));
    const update = updates[index];
    if (!update) return;
    // Simulated times lie hours ahead; the sandbox reports them as happening now so a demo moves.
    await sink(rideId, { ...update, partnerId: this.partnerId, occurredAt: timer.firedAt }, timer.timerId);
  }

  private simulate(request: Pick<RideBookingRequest, 'rideId' | 'mode' | 'pickup' | 'dropoff' | 'pickupAt' | 'requestedAt'>): PartnerUpdate[] {
    return simulateSandboxDispatch(this.options.seed, request, { failureRate: this.options.failureRate });
  }
}

/** Driver assigned, the last ETA update, arrival and completion: the tracking a demo needs to show. */
const MAX_UPDATES = 4;

function tracked(updates: PartnerUpdate[]): PartnerUpdate[] {
  const etas = updates.filter((update) => update.status === 'eta_updated');
  const pick = (status: string) => updates.filter((update) => update.status === status);
  return [...pick('driver_assigned'), ...etas.slice(-1), ...pick('arrived'), ...pick('completed')].slice(0, MAX_UPDATES);
}

function updateTimerId(rideId: string, index: number): string {
  return `sandbox-ride/${rideId}/${index}`;
}
