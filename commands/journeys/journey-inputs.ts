// The journey's own inputs from the API: transport needs, attendance at an appointment and the
// emergency visit. Each is a fact on "journey-inputs-<journeyId>" that the saga then observes.
// A closed journey takes no input, and the answer names its state; nothing is stored then.

import {
  foldJourneyStream,
  journeyInputsStreamId,
  journeyStreamId,
  type JourneyInputEvent,
  type JourneyPolicy,
  type JourneyState,
  type JourneyStreamEvent,
} from '../../domain/journeys';
import { ConflictError, NotFoundError } from '../../domain/shared/errors';
import { eventRegistry, upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore } from '../../infra/event-store/event-store.port';
import { eventIdFor } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

export class JourneyInputs {
  constructor(
    private readonly store: EventStore,
    private readonly policy: JourneyPolicy,
  ) {}

  async load(journeyId: string): Promise<JourneyState> {
    const events = await this.store.readStream(journeyStreamId(journeyId));
    return foldJourneyStream(events.map((event) => upcastStoredEvent(event) as unknown as JourneyStreamEvent), this.policy);
  }

  /** Loads a journey that exists and is still open, or throws the 404 or 409 that names why not. */
  async requireOpen(journeyId: string): Promise<JourneyState> {
    const state = await this.load(journeyId);
    if (state.phase === 'new') {
      throw new NotFoundError(`journey ${journeyId} was not found; a journey starts when its triage session is assessed`);
    }
    if (state.phase === 'closed') {
      throw new ConflictError(`journey ${journeyId} is closed (outcome ${state.outcome}); start a new journey with a new triage session`);
    }
    return state;
  }

  async record(input: JourneyInputEvent, context: CommandContext): Promise<{ position: bigint; idempotentReplay: boolean }> {
    const state = await this.requireOpen(input.data.journeyId);
    if (state.patientId !== input.data.patientId) {
      throw new ConflictError(`journey ${input.data.journeyId} belongs to another patient; send the patientId the journey was started for`);
    }

    const result = await this.store.appendToStream(
      journeyInputsStreamId(input.data.journeyId),
      [
        {
          eventId: eventIdFor(context, 0),
          type: input.type,
          schemaVersion: eventRegistry.find(input.type)!.schemaVersion,
          data: input.data,
          correlationId: context.correlationId,
          causationId: context.causationId,
          actor: context.actor,
        },
      ],
      'any',
    );
    return { position: result.lastPosition, idempotentReplay: result.idempotentReplay };
  }
}
