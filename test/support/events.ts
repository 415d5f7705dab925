import { randomUUID } from 'node:crypto';

import type { NewEvent } from '../../infra/event-store/event-store.port';

/** A typed fixture for events on their way into the store; options decide what differs. */
export function newEvent(options: Partial<NewEvent> & { data?: unknown } = {}): NewEvent {
  return {
    eventId: options.eventId ?? randomUUID(),
    type: options.type ?? 'TestEventRecorded',
    schemaVersion: options.schemaVersion ?? 1,
    data: options.data ?? { sample: true },
    correlationId: options.correlationId ?? randomUUID(),
    causationId: options.causationId ?? null,
    actor: options.actor ?? { id: 'test-runner', role: 'system' },
  };
}

export function newEvents(count: number, options: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: count }, (_, index) => newEvent({ ...options, data: { index } }));
}
