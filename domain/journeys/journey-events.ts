// Events of the journey stream ("journey-<journeyId>"): each one records a step of the process
// manager, that is the event it observed and the commands it decided to issue. Folding the
// recorded observations through `evolveJourney` gives the journey's state back, and the saga
// resends a recorded step's commands after a crash, because the commands are deterministic.
//
// Inputs that no other context records yet (transport needs, attendance, the emergency visit)
// are this context's own events, on the stream "journey-inputs-<journeyId>".

import type { DomainEvent, EventDefinition } from '../shared/events';
import { DEFAULT_JOURNEY_POLICY, initialJourneyState, type JourneyPolicy, type JourneyState } from './journey-state';
import type { Acuity, JourneyCommand, JourneyEvent, JourneyOutcome } from './messages';
import { evolveJourney } from './process-manager';

export interface RecordedStep {
  journeyId: string;
  /** The store event the step answers, or the timer id for a fired timer. */
  sourceId: string;
  observed: JourneyEvent;
  commands: JourneyCommand[];
  /** The journey's phase after the step. */
  phase: JourneyState['phase'];
  recordedAt: string;
}

export type JourneyStarted = DomainEvent<'JourneyStarted', RecordedStep & { patientId: string; acuity: Acuity }>;
export type JourneyStepRecorded = DomainEvent<'JourneyStepRecorded', RecordedStep>;
export type JourneyClosed = DomainEvent<'JourneyClosed', { journeyId: string; outcome: JourneyOutcome; score: number; closedAt: string }>;

export type JourneyStreamEvent = JourneyStarted | JourneyStepRecorded | JourneyClosed;

export type Mobility = 'independent' | 'needs-assistance' | 'wheelchair' | 'stretcher';
export interface Place {
  lat: number;
  lon: number;
}

export type TransportNeedsRecorded = DomainEvent<
  'TransportNeedsRecorded',
  { journeyId: string; patientId: string; mobility: Mobility; pickup: Place; destination: Place | null; recordedAt: string }
>;
export type AppointmentAttendanceRecorded = DomainEvent<
  'AppointmentAttendanceRecorded',
  { journeyId: string; patientId: string; appointmentId: string; attended: boolean; recordedAt: string }
>;
export type EmergencyVisitRecorded = DomainEvent<
  'EmergencyVisitRecorded',
  { journeyId: string; patientId: string; facilityId: string; outcome: 'handed-over' | 'admitted' | 'discharged'; recordedAt: string }
>;

export type JourneyInputEvent = TransportNeedsRecorded | AppointmentAttendanceRecorded | EmergencyVisitRecorded;

export const journeyStreamId = (journeyId: string): string => `journey-${journeyId}`;
export const journeyInputsStreamId = (journeyId: string): string => `journey-inputs-${journeyId}`;

// Steps carry ids and codes; a coordinator task's detail names appointment ids and times, never
// the patient. The patient's home and destination are PHI.
export const JOURNEY_EVENT_DEFINITIONS: EventDefinition<JourneyStreamEvent['type'] | JourneyInputEvent['type']>[] = [
  { type: 'JourneyStarted', schemaVersion: 1, phiFields: [] },
  { type: 'JourneyStepRecorded', schemaVersion: 1, phiFields: [] },
  { type: 'JourneyClosed', schemaVersion: 1, phiFields: [] },
  { type: 'TransportNeedsRecorded', schemaVersion: 1, phiFields: ['pickup', 'destination'] },
  { type: 'AppointmentAttendanceRecorded', schemaVersion: 1, phiFields: [] },
  { type: 'EmergencyVisitRecorded', schemaVersion: 1, phiFields: [] },
];

/** Rebuilds the journey's state from its recorded steps. */
export function foldJourneyStream(events: JourneyStreamEvent[], policy: JourneyPolicy = DEFAULT_JOURNEY_POLICY): JourneyState {
  let state = initialJourneyState();
  for (const event of events) {
    if (event.type === 'JourneyStarted' || event.type === 'JourneyStepRecorded') {
      state = evolveJourney(state, event.data.observed, policy);
    }
  }
  return state;
}

/** Turns one step of the process manager into the events that record it on the journey stream. */
export function recordStep(
  before: JourneyState,
  step: { state: JourneyState; commands: JourneyCommand[] },
  observed: JourneyEvent,
  sourceId: string,
  recordedAt: string,
): JourneyStreamEvent[] {
  const journeyId = step.state.journeyId ?? observed.data.journeyId;
  const recorded: RecordedStep = { journeyId, sourceId, observed, commands: step.commands, phase: step.state.phase, recordedAt };
  const events: JourneyStreamEvent[] = [];

  if (before.phase === 'new' && step.state.phase !== 'new') {
    events.push({ type: 'JourneyStarted', data: { ...recorded, patientId: step.state.patientId ?? '', acuity: step.state.acuity ?? 'routine' } });
  } else {
    events.push({ type: 'JourneyStepRecorded', data: recorded });
  }

  const close = step.commands.find((command) => command.type === 'CloseJourney');
  if (close?.type === 'CloseJourney') {
    events.push({ type: 'JourneyClosed', data: { journeyId, outcome: close.outcome, score: close.score, closedAt: close.closedAt } });
  }
  return events;
}
