import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { backfillDecider, waitlistEntryDecider, type Urgency } from '../../domain/scheduling';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/shared/errors';
import type { EventStore } from '../../infra/event-store/event-store.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import { EVENT_STORE, READ_MODEL_SQL } from '../../infra/tokens';
import { AggregateRepository, eventIdFor, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import type { ActingParty } from './acting-party';
import { backfillIdOfOffer, backfillStream, waitlistEntryStream } from './scheduling-streams';

export class JoinWaitlistCommand {
  constructor(
    readonly data: { entryId: string; patientId: string; specialty: string; urgency: Urgency },
    readonly party: ActingParty,
    readonly context: CommandContext,
  ) {}
}

export class AnswerOfferCommand {
  constructor(
    readonly data: { offerId: string; answer: 'accept' | 'decline' },
    readonly party: ActingParty,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(JoinWaitlistCommand)
export class JoinWaitlistHandler implements ICommandHandler<JoinWaitlistCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, party, context }: JoinWaitlistCommand): Promise<CommandOutcome> {
    const command = {
      type: 'JoinWaitlist' as const,
      ...data,
      actor: party.actor,
      mayActForPatient: party.mayActFor(data.patientId),
      now: context.receivedAt,
    };
    return this.repository.handle(waitlistEntryStream(data.entryId), waitlistEntryDecider, command, context, { createsStream: true });
  }
}

@CommandHandler(AnswerOfferCommand)
export class AnswerOfferHandler implements ICommandHandler<AnswerOfferCommand, CommandOutcome> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Records the patient's answer on the backfill stream; the backfill saga books an accepted slot. */
  async execute({ data, party, context }: AnswerOfferCommand): Promise<CommandOutcome> {
    const backfillId = backfillIdOfOffer(data.offerId);
    const { rows } = await this.sql.query<{ patient_id: string }>('select patient_id from rm_waitlist.offers where offer_id = $1', [data.offerId]);
    const offer = rows[0];
    if (!offer) {
      throw new NotFoundError(`offer ${data.offerId} was not found; it may not be processed yet, so retry in a moment`);
    }
    if (!party.mayActFor(offer.patient_id)) {
      throw new ForbiddenError(`offer ${data.offerId} was made to another patient; only that patient, or someone acting for them, can answer it`);
    }

    const message = { type: 'OfferAnswered' as const, offerId: data.offerId, answer: data.answer, answeredAt: context.receivedAt };
    const outcome = await this.repository.handle(backfillStream(backfillId), backfillDecider, message, context);
    if (outcome.eventTypes.length === 0 && !(await this.isRetry(backfillId, context))) {
      throw new ConflictError(`offer ${data.offerId} is no longer open: it expired, was answered, or the slot went to someone else`);
    }
    return outcome;
  }

  // The repository reports "nothing new" both for a retried request and for an answer to an offer
  // that is no longer current; only the first stores nothing under this request's event id.
  private async isRetry(backfillId: string, context: CommandContext): Promise<boolean> {
    const firstId = eventIdFor(context, 0);
    const history = await this.store.readStream(backfillStream(backfillId));
    return history.some((event) => event.eventId === firstId);
  }
}

export const waitlistCommandHandlers = [JoinWaitlistHandler, AnswerOfferHandler];
