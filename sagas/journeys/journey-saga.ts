// The care-journey saga: follows the store, turns each source event into the JourneyEvent it
// means for its journey, and advances that journey. Fired journey timers advance it too.
//
// Journeys are split over `partitions` runners by patient, so one patient's events stay in
// global order within one runner while different patients' journeys advance in parallel.

import type { Logger } from 'pino';

import type { JourneyEvent } from '../../domain/journeys';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { FiredTimer, TimerService } from '../../infra/timers/timers.port';
import type { EventSaga } from '../runner/saga-runner';
import { JOURNEY_TIMER } from './journey-commands';
import type { JourneyEngine } from './journey-engine';
import { journeyOfRide, type JourneyLinks } from './journey-links';
import { JOURNEY_SOURCE_TYPES, type SourceEventMapper } from './source-events';

export class JourneySaga implements EventSaga {
  readonly name: string;
  readonly eventTypes = JOURNEY_SOURCE_TYPES;

  constructor(
    private readonly engine: JourneyEngine,
    private readonly mapper: SourceEventMapper,
    private readonly links: JourneyLinks,
    private readonly partition: { index: number; count: number },
    private readonly logger: Logger,
  ) {
    this.name = partition.count === 1 ? 'care-journey' : `care-journey-p${partition.index}-of-${partition.count}`;
  }

  // Cheap: most source events name their journey, so another partition's events are skipped
  // here without a lookup. Scheduling events name only the patient and are checked in react.
  handles(event: StoredEvent): boolean {
    if (!JOURNEY_SOURCE_TYPES.has(event.type)) return false;
    const journeyId = journeyNamedBy(event);
    return journeyId === undefined || this.owns(journeyId);
  }

  async react(stored: StoredEvent): Promise<void> {
    const observed = await this.mapper.map(stored, (journeyId) => this.owns(journeyId));
    if (!observed || !this.owns(observed.data.journeyId)) return;

    // The link comes first, so the commands of the journey's first step can find its patient.
    if (observed.type === 'TriageAssessed') {
      await this.links.open(observed.data.journeyId, observed.data.patientId, observed.data.assessedAt);
    }
    const sent = await this.engine.advance(observed, { sourceId: stored.eventId, correlationId: stored.correlationId });
    this.logger.debug({ journeyId: observed.data.journeyId, observed: observed.type, commands: sent }, 'journey advanced');
  }

  // Partitioned by journey id: a journey's events are handled by one runner, in global order.
  private owns(journeyId: string): boolean {
    return this.partition.count === 1 || partitionOf(journeyId, this.partition.count) === this.partition.index;
  }
}

function journeyNamedBy(event: StoredEvent): string | undefined {
  const data = event.data as { journeyId?: unknown; sessionId?: unknown; rideId?: unknown };
  if (event.type === 'TriageAssessed' && typeof data.sessionId === 'string') return data.sessionId;
  if (typeof data.rideId === 'string') return journeyOfRide(data.rideId);
  return typeof data.journeyId === 'string' ? data.journeyId : undefined;
}

/** Registers the handler that advances a journey when one of its timers fires; one per process. */
export function handleJourneyTimers(timers: TimerService, engine: JourneyEngine): void {
  timers.handle(JOURNEY_TIMER, async (timer: FiredTimer) => {
    const journeyId = String(timer.payload.journeyId);
    const fired: JourneyEvent = { type: 'TimerFired', data: { journeyId, timerId: timer.timerId, firedAt: timer.firedAt } };
    await engine.advance(fired, { sourceId: `timer:${timer.timerId}`, correlationId: timer.timerId });
  });
}

export function partitionOf(journeyId: string, count: number): number {
  let hash = 2166136261;
  for (let index = 0; index < journeyId.length; index++) {
    hash = Math.imul(hash ^ journeyId.charCodeAt(index), 16777619);
  }
  return (hash >>> 0) % count;
}
