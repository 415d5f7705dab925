// Advances one journey by one observed event: reads the journey stream, lets the process manager
// decide, records the step on the stream and sends the step's commands. The step's event id is
// derived from the journey and the source event (or timer), so a redelivered source finds its
// step already recorded and resends exactly the recorded commands, each under its own command id.
// Two writers on one journey (the saga runner and a timer) meet at the stream's expected
// version: the loser reads again and decides on the new state.

import type { Logger } from 'pino';

import {
  foldJourneyStream,
  handleJourneyEvent,
  journeyStreamId,
  recordStep,
  type JourneyCommand,
  type JourneyEvent,
  type JourneyPolicy,
  type JourneyStreamEvent,
  type RecordedStep,
} from '../../domain/journeys';
import { eventRegistry, upcastStoredEvent } from '../../infra/event-store/event-registry';
import { WrongExpectedVersionError, type EventStore, type StoredEvent } from '../../infra/event-store/event-store.port';
import { uuidFromName } from '../../infra/event-store/uuid';
import type { Clock } from '../../infra/timers/timers.port';

export interface StepOrigin {
  /** The store event or timer the step answers; keys the step's event id. */
  sourceId: string;
  correlationId: string;
}

/** Sends one journey command; must be idempotent by its commandId. */
export type JourneyCommandSender = (command: JourneyCommand, step: RecordedStep) => Promise<void>;

const MAX_DECIDE_ATTEMPTS = 5;

export class JourneyEngine {
  constructor(
    private readonly store: EventStore,
    private readonly policy: JourneyPolicy,
    private readonly send: JourneyCommandSender,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Returns the number of commands the step sent (0 when the event changed nothing). */
  async advance(observed: JourneyEvent, origin: StepOrigin): Promise<number> {
    const journeyId = observed.data.journeyId;
    const streamId = journeyStreamId(journeyId);

    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const recorded = findStep(history, origin.sourceId);
      if (recorded) {
        return this.sendAll(recorded);
      }

      const events = history.map((event) => upcastStoredEvent(event) as unknown as JourneyStreamEvent);
      const before = foldJourneyStream(events, this.policy);
      const step = handleJourneyEvent(before, observed, this.policy);
      if (step.commands.length === 0 && JSON.stringify(step.state) === JSON.stringify(before)) {
        return 0;
      }

      const stepEvents = recordStep(before, step, observed, origin.sourceId, this.clock().toISOString());
      const version = history.at(-1)?.streamVersion ?? null;
      try {
        await this.store.appendToStream(
          streamId,
          stepEvents.map((event, index) => ({
            eventId: stepEventId(journeyId, origin.sourceId, index),
            type: event.type,
            schemaVersion: eventRegistry.find(event.type)!.schemaVersion,
            data: event.data,
            correlationId: origin.correlationId,
            causationId: origin.sourceId,
            actor: { id: 'care-journey-saga', role: 'system' },
          })),
          version === null ? 'no_stream' : version,
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError && attempt < MAX_DECIDE_ATTEMPTS) {
          this.logger.debug({ journeyId, attempt }, 'journey stream moved while deciding; deciding again');
          continue;
        }
        throw error;
      }
      return this.sendAll(stepEvents[0]!.data as RecordedStep);
    }
  }

  private async sendAll(step: RecordedStep): Promise<number> {
    for (const command of step.commands) {
      await this.send(command, step);
    }
    return step.commands.length;
  }
}

function stepEventId(journeyId: string, sourceId: string, index: number): string {
  return uuidFromName(`journey-step/${journeyId}/${sourceId}/${index}`);
}

function findStep(history: StoredEvent[], sourceId: string): RecordedStep | undefined {
  for (const event of history) {
    if ((event.type === 'JourneyStarted' || event.type === 'JourneyStepRecorded') && (event.data as RecordedStep).sourceId === sourceId) {
      return upcastStoredEvent<RecordedStep>(event).data;
    }
  }
  return undefined;
}
