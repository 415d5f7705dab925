import type { Logger } from 'pino';

import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import { backfillStream, waitlistEntryStream } from '../../commands/scheduling/scheduling-streams';
import {
  BACKFILL_ACTOR,
  backfillCommandsFor,
  backfillDecider,
  isSlotTakenError,
  OFFER_RESPONSE_WINDOW_MS,
  slotDecider,
  slotFreedBy,
  slotStreamName,
  waitlistEntryDecider,
  type BackfillEvent,
  type BackfillMessage,
  type BookSlot,
  type SlotEvent,
  type WaitlistEntry,
} from '../../domain/scheduling';
import { ConflictError, DomainError, ValidationError } from '../../domain/shared/errors';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import type { NotificationSender } from '../../infra/notifications/notifications.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import type { Clock, FiredTimer, TimerService } from '../../infra/timers/timers.port';
import type { EventSaga } from '../runner/saga-runner';
import { offerMessage } from './offer-message';
import { facilityNames, loadSlotState, preferredLanguage } from './saga-lookups';

// The backfill saga: when a booked slot is freed, it starts the backfill process (domain
// backfill-process.ts) for the slot and carries out what the process's events ask for:
//
//   BookingCancelled, BookingRescheduled → SlotFreedForBackfill on backfill-<id>
//   SlotOffered                          → a message to the patient in the outbox
//   OfferDeadlineScheduled               → a durable timer; when it fires, OfferDeadlineReached
//   OfferDeclined, OfferAccepted         → the deadline timer is cancelled
//   OfferAccepted                        → BookSlot, then BackfillBookingOutcome
//   BackfillCompleted                    → FulfilWaitlistEntry
//
// Every side effect is keyed by an id derived from the event it reacts to (command ids, timer ids,
// the outbox key), so handling an event twice after a restart repeats nothing.

export const OFFER_DEADLINE_TIMER = 'backfill-offer-deadline';

const FREEING_EVENTS = new Set(['BookingCancelled', 'BookingRescheduled']);
const SIDE_EFFECT_EVENTS = new Set(['SlotOffered', 'OfferDeadlineScheduled', 'OfferDeclined', 'OfferAccepted', 'BackfillCompleted']);

export interface BackfillSagaDependencies {
  store: EventStore;
  sql: SqlClient;
  timers: TimerService;
  notifications: NotificationSender;
  clock: Clock;
  logger: Logger;
}

export class BackfillSaga implements EventSaga {
  readonly name = 'scheduling-backfill';
  readonly eventTypes: ReadonlySet<string> = new Set([...FREEING_EVENTS, ...SIDE_EFFECT_EVENTS]);
  private readonly repository: AggregateRepository;

  constructor(private readonly deps: BackfillSagaDependencies) {
    this.repository = new AggregateRepository(deps.store);
  }

  /** Registers the deadline timer's handler; call it before the timers start. */
  registerTimers(): void {
    this.deps.timers.handle(OFFER_DEADLINE_TIMER, (timer) => this.deadlineReached(timer));
  }

  // SlotHoldReleased also frees a slot, but the slot was free before the hold, so nobody lost an
  // appointment there and the waitlist had the same chance at it as everyone else.
  handles(event: StoredEvent): boolean {
    return FREEING_EVENTS.has(event.type) || SIDE_EFFECT_EVENTS.has(event.type);
  }

  async react(event: StoredEvent): Promise<void> {
    if (FREEING_EVENTS.has(event.type)) {
      await this.startBackfill(event);
      return;
    }

    const backfillEvent = event as unknown as BackfillEvent;
    switch (backfillEvent.type) {
      case 'SlotOffered':
        await this.notifyOffer(backfillEvent.data);
        return;
      case 'OfferDeadlineScheduled': {
        const { backfillId, offerId, dueAt } = backfillEvent.data;
        await this.deps.timers.schedule({ timerId: deadlineTimerId(offerId), kind: OFFER_DEADLINE_TIMER, dueAt, payload: { backfillId, offerId } });
        return;
      }
      case 'OfferDeclined':
        await this.deps.timers.cancel(deadlineTimerId(backfillEvent.data.offerId));
        return;
      case 'OfferAccepted':
        await this.deps.timers.cancel(deadlineTimerId(backfillEvent.data.offerId));
        await this.bookAcceptedOffer(event, backfillEvent);
        return;
      case 'BackfillCompleted':
        await this.fulfilEntry(event, backfillEvent);
        return;
      case 'BackfillStarted':
      case 'OfferExpired':
      case 'BackfillAbandoned':
        // The backfill's own bookkeeping: the next offer is decided when the deadline timer fires.
        return;
      default:
        // Every other event in the store passes through too; this saga ignores them.
        return;
    }
  }

  private async startBackfill(event: StoredEvent): Promise<void> {
    const freed = slotFreedBy(event as unknown as SlotEvent);
    if (!freed) return;

    // Replaying old history (a new database, a reset checkpoint) must not offer long-gone slots:
    // their deadlines would already be past and every waiting patient would get a dead offer.
    const ageMs = this.deps.clock().getTime() - event.recordedAt.getTime();
    if (ageMs > OFFER_RESPONSE_WINDOW_MS) {
      this.deps.logger.info({ slotId: freed.slotId, eventId: event.eventId }, 'freed slot is older than the offer window; not backfilled');
      return;
    }

    // Someone may have booked the slot again before the saga got here; then there is nothing to offer.
    const slot = await loadSlotState(this.deps.store, freed.slotId);
    if (slot.status !== 'open') return;
    const waitlist = await this.waitingEntries(slot.slot.specialty);
    if (waitlist.length === 0) return;

    const backfillId = `bf-${event.eventId}`;
    const message: BackfillMessage = {
      type: 'SlotFreedForBackfill',
      backfillId,
      slotId: freed.slotId,
      specialty: slot.slot.specialty,
      slotStartsAt: slot.slot.startsAt,
      waitlist,
      freedAt: freed.freedAt,
    };
    await this.repository.handle(backfillStream(backfillId), backfillDecider, message, this.contextFor(event, `backfill-start/${event.eventId}`), { createsStream: true });
  }

  private async waitingEntries(specialty: string): Promise<WaitlistEntry[]> {
    const { rows } = await this.deps.sql.query<{ entry_id: string; patient_id: string; specialty: string; urgency: WaitlistEntry['urgency']; joined_at: Date | string }>(
      `select entry_id, patient_id, specialty, urgency, joined_at from rm_waitlist.entries where specialty = $1 and status = 'waiting'`,
      [specialty],
    );
    return rows.map((row) => ({
      entryId: row.entry_id,
      patientId: row.patient_id,
      specialty: row.specialty,
      urgency: row.urgency,
      joinedAt: new Date(row.joined_at).toISOString(),
    }));
  }

  private async notifyOffer(offer: Extract<BackfillEvent, { type: 'SlotOffered' }>['data']): Promise<void> {
    const slot = await loadSlotState(this.deps.store, offer.slotId);
    if (slot.status === 'unopened') return;
    const language = await preferredLanguage(this.deps.sql, offer.patientId);
    const text = offerMessage({
      startsAt: slot.slot.startsAt,
      respondBy: offer.respondBy,
      mode: slot.slot.mode,
      facilityName: await facilityNames(this.deps.sql, slot.slot.facilityId),
    });

    await this.deps.notifications.send({
      idempotencyKey: `offer/${offer.offerId}`,
      patientId: offer.patientId,
      category: 'waitlist-offer',
      channel: 'sms',
      language,
      body: text[language],
      relatedId: offer.offerId,
    });
  }

  private async bookAcceptedOffer(stored: StoredEvent, event: Extract<BackfillEvent, { type: 'OfferAccepted' }>): Promise<void> {
    const [book] = backfillCommandsFor(event) as BookSlot[];
    const { backfillId, offerId } = event.data;

    let outcome: 'booked' | 'slot-unavailable' | 'rejected' = 'booked';
    try {
      await this.repository.handle(slotStreamName(book!.slotId), slotDecider, book!, this.contextFor(stored, `backfill-book/${offerId}`));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcome = isSlotTakenError(error) || error instanceof ConflictError || error instanceof ValidationError ? 'slot-unavailable' : 'rejected';
      this.deps.logger.info({ backfillId, offerId, outcome, reason: error.message }, 'accepted offer could not be booked');
    }

    const message: BackfillMessage = { type: 'BackfillBookingOutcome', offerId, outcome, at: this.deps.clock().toISOString() };
    await this.repository.handle(backfillStream(backfillId), backfillDecider, message, this.contextFor(stored, `backfill-outcome/${offerId}`));
  }

  private async fulfilEntry(stored: StoredEvent, event: Extract<BackfillEvent, { type: 'BackfillCompleted' }>): Promise<void> {
    for (const command of backfillCommandsFor(event)) {
      if (command.type !== 'FulfilWaitlistEntry') continue;
      try {
        await this.repository.handle(waitlistEntryStream(command.entryId), waitlistEntryDecider, command, this.contextFor(stored, `backfill-fulfil/${event.data.backfillId}`));
      } catch (error) {
        // The patient left the waitlist between accepting and this step. The booking remains.
        if (!(error instanceof ConflictError)) throw error;
        this.deps.logger.info({ entryId: command.entryId, reason: error.message }, 'waitlist entry not marked fulfilled');
      }
    }
  }

  private async deadlineReached(timer: FiredTimer): Promise<void> {
    const { backfillId, offerId } = timer.payload as { backfillId: string; offerId: string };
    const message: BackfillMessage = { type: 'OfferDeadlineReached', offerId, firedAt: timer.firedAt };
    const context: CommandContext = {
      commandId: `offer-deadline/${offerId}`,
      correlationId: backfillId,
      causationId: null,
      actor: BACKFILL_ACTOR,
      receivedAt: timer.firedAt,
    };
    await this.repository.handle(backfillStream(backfillId), backfillDecider, message, context);
  }

  private contextFor(cause: StoredEvent, commandId: string): CommandContext {
    return {
      commandId,
      correlationId: cause.correlationId,
      causationId: cause.eventId,
      actor: BACKFILL_ACTOR,
      receivedAt: this.deps.clock().toISOString(),
    };
  }
}

export function deadlineTimerId(offerId: string): string {
  return `offer-deadline/${offerId}`;
}
