// The journey as GET /api/v1/journeys/{id} returns it: its state, its score once closed, its rides
// and a timeline in the requested language.

import {
  foldJourneyStream,
  journeyStreamId,
  type JourneyClosed,
  type JourneyPolicy,
  type JourneyStreamEvent,
  type RecordedStep,
} from '../../domain/journeys';
import type { Locale } from '../../domain/triage';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore } from '../../infra/event-store/event-store.port';
import { commandEntry, observedEntry, rideEntry, type TimelineEntry } from './journey-timeline';

export interface JourneyView {
  journeyId: string;
  patientId: string | null;
  phase: string;
  acuity: string | null;
  outcome: string | null;
  score: number | null;
  rideIds: string[];
  timeline: TimelineEntry[];
}

export async function loadJourneyView(store: EventStore, journeyId: string, policy: JourneyPolicy, locale: Locale): Promise<JourneyView | undefined> {
  const stored = await store.readStream(journeyStreamId(journeyId));
  if (stored.length === 0) return undefined;
  const events = stored.map((event) => upcastStoredEvent(event) as unknown as JourneyStreamEvent);
  const state = foldJourneyStream(events, policy);

  const timeline: TimelineEntry[] = [];
  const rideIds: string[] = [];
  for (const event of events) {
    if (event.type === 'JourneyClosed') continue;
    const step: RecordedStep = event.data;
    const observed = observedEntry(step, locale);
    if (observed) timeline.push(observed);
    for (const command of step.commands) {
      const entry = commandEntry(command, step.recordedAt, locale);
      if (entry) timeline.push(entry);
      if (command.type === 'ArrangeTransport' || command.type === 'RetryRideWithBackoff' || command.type === 'TryNextPartner') rideIds.push(command.rideId);
      if (command.type === 'RequestAmbulance') rideIds.push(`${journeyId}:ride:ambulance`);
    }
  }
  for (const rideId of rideIds) {
    for (const rideEvent of await store.readStream(`ride-${rideId}`)) {
      const entry = rideEntry(rideEvent.type, upcastStoredEvent<Record<string, unknown>>(rideEvent).data, locale);
      if (entry) timeline.push(entry);
    }
  }
  timeline.sort((first, second) => first.at.localeCompare(second.at));

  const closed = events.find((event): event is JourneyClosed => event.type === 'JourneyClosed');
  return {
    journeyId,
    patientId: state.patientId,
    phase: state.phase,
    acuity: state.acuity,
    outcome: state.outcome,
    score: closed?.data.score ?? null,
    rideIds,
    timeline,
  };
}
