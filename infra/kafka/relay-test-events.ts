import { randomUUID } from 'node:crypto';

import type { NewEvent } from '../event-store/event-store.port';

// Events for the relay's tests and benchmark: a mix across the topics, with journey ids on the
// transport events, and an unmapped patient event now and then that the relay must pass over.

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
}

export interface RelayTestEventOptions {
  /** Streams the events are spread over; fewer streams mean longer ordered runs per key. */
  streams: number;
  /** Every n-th event is a PatientRegistered, which is never published; 0 for none. */
  unmappedEvery?: number;
}

const actor = { id: 'relay-test', role: 'system' };

/** Returns `count` events, one event per append, in the order they should be appended. */
export function relayTestEvents(count: number, { streams, unmappedEvery = 0 }: RelayTestEventOptions): StreamAppend[] {
  const appends: StreamAppend[] = [];
  for (let index = 0; index < count; index++) {
    const stream = index % streams;
    const at = new Date(Date.UTC(2026, 11, 4, 12, 0, 0, index)).toISOString();
    const unmapped = unmappedEvery > 0 && index % unmappedEvery === unmappedEvery - 1;
    const [streamId, type, data] = unmapped ? patientRegistered(index, at) : mappedEvent(index, stream, at);
    const eventId = randomUUID();
    appends.push({ streamId, events: [{ eventId, type, schemaVersion: 1, data, correlationId: eventId, causationId: null, actor }] });
  }
  return appends;
}

function mappedEvent(index: number, stream: number, at: string): [string, string, unknown] {
  switch (stream % 4) {
    case 0:
      return [`ride-${stream}`, 'RideRequested', {
        rideId: `ride-${stream}`,
        journeyId: `journey-${stream}`,
        mode: 'wheelchair-van',
        pickupAt: at,
        pickup: { latitude: 43.65, longitude: -79.38 },
        dropoff: { latitude: 43.66, longitude: -79.39 },
        requestedAt: at,
      }];
    case 1:
      return [`monitoring-${stream}`, 'EscalationRaised', {
        escalationId: `escalation-${index}`,
        patientId: `patient-${stream}`,
        checkInId: `check-in-${index}`,
        ruleId: 'heart-failure-weight-gain',
        action: 'call-patient',
        priority: 'urgent',
        raisedAt: at,
      }];
    case 2:
      return [`triage-session-${stream}`, 'SymptomReported', { sessionId: `session-${stream}`, questionId: 'pain-scale', answer: 7, reportedAt: at }];
    default:
      return [`slot-${stream}`, 'SlotOpened', {
        slotId: `slot-${stream}-${index}`,
        providerId: 'provider-1',
        facilityId: 'facility-1',
        specialty: 'family-medicine',
        startsAt: at,
        endsAt: at,
        mode: 'in-person',
        demo: true,
        openedAt: at,
      }];
  }
}

function patientRegistered(index: number, at: string): [string, string, unknown] {
  return [`patient-${index}`, 'PatientRegistered', { patientId: `patient-${index}`, name: { family: 'Tremblay' }, registeredAt: at }];
}

/**
 * Appends the events in order, many streams at once: each chunk's events are grouped per stream
 * (keeping their order within the stream), and the groups are appended concurrently.
 */
export async function appendInChunks(
  store: { appendToStream(streamId: string, events: NewEvent[], expected: 'any'): Promise<unknown> },
  appends: readonly StreamAppend[],
  chunkSize: number,
  afterChunk?: () => void,
): Promise<void> {
  for (let start = 0; start < appends.length; start += chunkSize) {
    const byStream = new Map<string, NewEvent[]>();
    for (const { streamId, events } of appends.slice(start, start + chunkSize)) {
      byStream.set(streamId, [...(byStream.get(streamId) ?? []), ...events]);
    }
    await Promise.all([...byStream].map(([streamId, events]) => store.appendToStream(streamId, events, 'any')));
    afterChunk?.();
  }
}
