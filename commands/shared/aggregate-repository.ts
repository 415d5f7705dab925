import { Inject, Injectable } from '@nestjs/common';

import { foldEvents, type Decider } from '../../domain/shared/decider';
import { ConflictError } from '../../domain/shared/errors';
import type { DomainEvent } from '../../domain/shared/events';
import { eventRegistry, upcastStoredEvent } from '../../infra/event-store/event-registry';
import {
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
} from '../../infra/event-store/event-store.port';
import { uuidFromName } from '../../infra/event-store/uuid';
import { EVENT_STORE } from '../../infra/tokens';
import type { CommandContext } from './command-context';

/**
 * A stale write is retried this many times: the stream is read again and the command decided
 * again on the new state. Past that the caller gets a 409 to retry or report.
 */
const MAX_DECIDE_ATTEMPTS = 3;

export interface CommandOutcome {
  streamId: string;
  streamVersion: bigint;
  position: bigint;
  eventTypes: string[];
  idempotentReplay: boolean;
}

@Injectable()
export class AggregateRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Loads the stream, decides the command on its state and appends the result. A command that
   * creates its stream (`createsStream`) is first decided on the empty state and appended with
   * no_stream, which saves the read; if the stream exists after all, it falls back to the full path.
   */
  async handle<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
    options: { createsStream?: boolean } = {},
  ): Promise<CommandOutcome> {
    if (options.createsStream) {
      const created = await this.tryCreate(streamId, decider, command, context);
      if (created) return created;
    }

    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const state = foldEvents(decider, history.map((event) => upcastStoredEvent(event) as unknown as Event));
      const version = history.length > 0 ? history[history.length - 1]!.streamVersion : 0n;

      const events = this.alreadyStored(history, context) ? [] : decider.decide(state, command);
      if (events.length === 0) {
        return { streamId, streamVersion: version, position: history.at(-1)?.globalPosition ?? 0n, eventTypes: [], idempotentReplay: true };
      }

      try {
        const result = await this.store.appendToStream(streamId, toNewEvents(events, context), version);
        return outcome(streamId, events, result);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) {
          throw error;
        }
        if (attempt >= MAX_DECIDE_ATTEMPTS) {
          throw new ConflictError(
            `stream ${streamId} kept changing while the command was decided; retry the request`,
            [],
            { expectedVersion: String(version), actualVersion: String(error.actual) },
          );
        }
      }
    }
  }

  private async tryCreate<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
  ): Promise<CommandOutcome | undefined> {
    const events = decider.decide(decider.initialState(), command);
    try {
      const result = await this.store.appendToStream(streamId, toNewEvents(events, context), 'no_stream');
      return outcome(streamId, events, result);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return undefined;
      throw error;
    }
  }

  // A command retried after its events were stored decides nothing new: deciding again on the
  // later state could refuse it (already registered) although the first try succeeded.
  private alreadyStored(history: { eventId: string }[], context: CommandContext): boolean {
    const firstId = eventIdFor(context, 0);
    return history.some((event) => event.eventId === firstId);
  }
}

export function eventIdFor(context: CommandContext, index: number): string {
  return uuidFromName(`${context.commandId}/${index}`);
}

export function toNewEvents(events: DomainEvent[], context: CommandContext): NewEvent[] {
  return events.map((event, index) => {
    const definition = eventRegistry.find(event.type);
    if (!definition) {
      throw new Error(`event type ${event.type} is not registered; add its definition to infra/event-store/event-registry.ts`);
    }
    return {
      eventId: eventIdFor(context, index),
      type: event.type,
      schemaVersion: definition.schemaVersion,
      data: event.data,
      correlationId: context.correlationId,
      causationId: context.causationId,
      actor: context.actor,
    };
  });
}

function outcome(streamId: string, events: DomainEvent[], result: AppendResult): CommandOutcome {
  return {
    streamId,
    streamVersion: result.nextExpectedVersion,
    position: result.lastPosition,
    eventTypes: events.map((event) => event.type),
    idempotentReplay: result.idempotentReplay,
  };
}
