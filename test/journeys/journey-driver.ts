// Plays the patient, the clinic and the emergency department for the care-journey tests: it
// appends the source events other contexts would store (triage, bookings, attendance) once the
// journey has reached the state that calls for them. Every event id is derived from the journey
// and the step, so a step appended twice is stored once.

import { foldJourneyStream, journeyInputsStreamId, journeyStreamId, type JourneyState, type JourneyStreamEvent } from '../../domain/journeys';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore, NewEvent } from '../../infra/event-store/event-store.port';
import { uuidFromName } from '../../infra/event-store/uuid';
import type { JourneyPolicy } from '../../domain/journeys';

export type Scenario = 'routine-ride' | 'cancelled' | 'partner-fails' | 'missed' | 'critical';
export const SCENARIOS: Scenario[] = ['routine-ride', 'cancelled', 'partner-fails', 'missed', 'critical'];

export interface ScriptedJourney {
  journeyId: string;
  patientId: string;
  scenario: Scenario;
  /** Steps already appended. */
  done: Set<string>;
}

const HOME = { lat: 43.6532, lon: -79.3832 };
const CLINIC = { lat: 43.6629, lon: -79.3957 };
const DAY_MS = 86_400_000;

export function scriptJourneys(count: number, runTag: string): ScriptedJourney[] {
  return Array.from({ length: count }, (_, index) => {
    const scenario = SCENARIOS[index % SCENARIOS.length]!;
    return { journeyId: `soak-${runTag}-${scenario}-${index}`, patientId: `patient-${index}`, scenario, done: new Set() };
  });
}

export async function journeyState(store: EventStore, journeyId: string, policy: JourneyPolicy): Promise<JourneyState> {
  const events = await store.readStream(journeyStreamId(journeyId));
  return foldJourneyStream(events.map((event) => upcastStoredEvent(event) as unknown as JourneyStreamEvent), policy);
}

export async function rideStatus(store: EventStore, rideId: string): Promise<string> {
  const events = await store.readStream(`ride-${rideId}`);
  const last = events.filter((event) => event.type !== 'RideEtaUpdated' && event.type !== 'DriverAssigned' && event.type !== 'RideArrived').at(-1);
  return last?.type ?? 'none';
}

/** Appends the next source event the journey is waiting for; returns true once the script has nothing left to do. */
export async function driveJourney(store: EventStore, journey: ScriptedJourney, state: JourneyState): Promise<boolean> {
  const step = async (name: string, streamId: string, events: Array<{ type: string; data: unknown }>) => {
    if (journey.done.has(name)) return;
    await append(store, streamId, journey.journeyId, name, events);
    journey.done.add(name);
  };
  const { journeyId, patientId, scenario } = journey;
  const now = new Date().toISOString();

  if (!journey.done.has('triage')) {
    if (scenario !== 'missed') {
      await step('transport', journeyInputsStreamId(journeyId), [
        { type: 'TransportNeedsRecorded', data: { journeyId, patientId, mobility: 'needs-assistance', pickup: HOME, destination: CLINIC, recordedAt: now } },
      ]);
    }
    await step('triage', `triage-session-${journeyId}`, triageEvents(journeyId, patientId, scenario === 'critical' ? 'critical' : 'routine', now));
    return false;
  }

  if (scenario === 'critical') return driveEmergency(store, journey, state, step, now);

  const slotId = `${journeyId}-slot`;
  const appointmentId = `${journeyId}-appointment`;
  if (state.phase === 'booking' && !journey.done.has('book')) {
    const startsAt = new Date(Date.now() + DAY_MS).toISOString();
    await step('book', `slot-${slotId}`, [
      { type: 'SlotOpened', data: { slotId, providerId: 'dr-soak', facilityId: 'clinic-soak', specialty: 'family-medicine', startsAt, endsAt: startsAt, mode: 'in-person', demo: true, openedAt: now } },
      { type: 'SlotBooked', data: { slotId, bookingId: appointmentId, patientId, bookedAt: now, bookedBy: patientId } },
    ]);
    return false;
  }
  if (state.phase !== 'booked' || journey.done.has('outcome')) return state.phase === 'closed';

  const ride = state.ride;
  switch (scenario) {
    case 'routine-ride':
      if (ride?.status === 'booked') await attendance(step, journeyId, patientId, appointmentId, true, now);
      break;
    case 'partner-fails':
      if (ride?.partnerIndex === 1 && ride.status === 'completed') await attendance(step, journeyId, patientId, appointmentId, true, now);
      break;
    case 'cancelled':
      if (ride?.status === 'booked') {
        await step('outcome', `slot-${slotId}`, [
          { type: 'BookingCancelled', data: { slotId, bookingId: appointmentId, patientId, cancelledAt: now, cancelledBy: patientId, reason: 'patient-request' } },
        ]);
      }
      break;
    case 'missed':
      await attendance(step, journeyId, patientId, appointmentId, false, now);
      break;
  }
  return false;
}

type Step = (name: string, streamId: string, events: Array<{ type: string; data: unknown }>) => Promise<void>;

async function driveEmergency(store: EventStore, journey: ScriptedJourney, state: JourneyState, step: Step, now: string): Promise<boolean> {
  const { journeyId, patientId } = journey;
  const inputs = journeyInputsStreamId(journeyId);
  if (state.phase === 'closed') return true;
  if (state.careReachedAt === null && (await rideStatus(store, `${journeyId}:ride:ambulance`)) === 'RideBooked') {
    await step('handover', inputs, [{ type: 'EmergencyVisitRecorded', data: { journeyId, patientId, facilityId: 'ed-soak', outcome: 'handed-over', recordedAt: now } }]);
  }
  if (state.careReachedAt !== null) {
    await step('admitted', inputs, [{ type: 'EmergencyVisitRecorded', data: { journeyId, patientId, facilityId: 'ed-soak', outcome: 'admitted', recordedAt: now } }]);
  }
  return false;
}

async function attendance(step: Step, journeyId: string, patientId: string, appointmentId: string, attended: boolean, now: string): Promise<void> {
  await step('outcome', journeyInputsStreamId(journeyId), [
    { type: 'AppointmentAttendanceRecorded', data: { journeyId, patientId, appointmentId, attended, recordedAt: now } },
  ]);
}

function triageEvents(sessionId: string, patientId: string, urgency: 'critical' | 'routine', at: string) {
  return [
    {
      type: 'TriageStarted',
      data: { sessionId, patientId, startedAt: at, locale: 'en', age: 54, sex: 'female', complaintId: 'chest-pain', complaintText: null, complaintSource: 'selected', classifierVersion: null },
    },
    { type: 'TriageAssessed', data: { sessionId, assessedAt: at, assessment: { urgency, level: urgency === 'critical' ? 1 : 4 } } },
  ];
}

async function append(store: EventStore, streamId: string, journeyId: string, step: string, events: Array<{ type: string; data: unknown }>): Promise<void> {
  const newEvents: NewEvent[] = events.map((event, index) => ({
    eventId: uuidFromName(`journey-driver/${journeyId}/${step}/${index}`),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    correlationId: `${journeyId}/${step}`,
    causationId: null,
    actor: { id: 'journey-driver', role: 'system' },
  }));
  await store.appendToStream(streamId, newEvents, 'any');
}
