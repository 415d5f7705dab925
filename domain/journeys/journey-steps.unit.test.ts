import { foldJourneyStream, recordStep, type JourneyStreamEvent } from './journey-events';
import { DEFAULT_JOURNEY_POLICY, initialJourneyState, rideIdFor, type JourneyPolicy, type JourneyState } from './journey-state';
import type { JourneyCommand, JourneyEvent } from './messages';
import { evolveJourney, handleJourneyEvent, reactToJourneyEvent } from './process-manager';

// Given events, when an event, then commands: the transport request added after triage, and
// how a step is recorded on the journey stream and folded back.

const POLICY: JourneyPolicy = { ...DEFAULT_JOURNEY_POLICY, transportPartners: ['acme', 'bravo'] };
const J = 'j2';
const TRIAGED_AT = '2025-03-10T09:00:00.000Z';
const STARTS_AT = '2025-03-12T14:00:00.000Z';

const triaged = (needsTransport: boolean): JourneyEvent => ({
  type: 'TriageAssessed',
  data: { journeyId: J, patientId: 'p2', acuity: 'routine', needsTransport, receivingFacilityId: null, assessedAt: TRIAGED_AT },
});
const booked: JourneyEvent = {
  type: 'AppointmentBooked',
  data: { journeyId: J, appointmentId: 'a1', providerId: 'dr-roy', startsAt: STARTS_AT, bookedAt: '2025-03-10T10:00:00.000Z' },
};
const transportRequested: JourneyEvent = { type: 'TransportRequested', data: { journeyId: J, requestedAt: '2025-03-10T11:00:00.000Z' } };

function stateAfter(events: JourneyEvent[]): JourneyState {
  return events.reduce((state, event) => evolveJourney(state, event, POLICY), initialJourneyState());
}

function given(...events: JourneyEvent[]) {
  const state = stateAfter(events);
  return {
    when: (event: JourneyEvent) => ({
      then: (expected: Array<Partial<JourneyCommand>>) =>
        expect(reactToJourneyEvent(state, event, POLICY)).toEqual(expected.map((command) => expect.objectContaining(command))),
    }),
  };
}

describe('transport requested after triage', () => {
  it('arranges a ride at once for a booked appointment', () => {
    given(triaged(false), booked)
      .when(transportRequested)
      .then([{ type: 'ArrangeTransport', commandId: `${J}:arrange-transport:${rideIdFor(J, 'a1', 0, 1)}`, appointmentId: 'a1', partnerId: 'acme', arriveBy: STARTS_AT }]);
  });

  it('arranges the ride with the next booking when none is booked yet', () => {
    given(triaged(false)).when(transportRequested).then([]);
    given(triaged(false), transportRequested)
      .when(booked)
      .then([
        { type: 'CancelTimer' },
        { type: 'ScheduleReminder' },
        { type: 'ScheduleTimer', purpose: 'attendance-check' },
        { type: 'ArrangeTransport', rideId: rideIdFor(J, 'a1', 0, 1) },
      ]);
  });

  it('changes nothing when transport was already needed', () => {
    given(triaged(true), booked).when(transportRequested).then([]);
  });

  it('is ignored before the journey starts', () => {
    expect(handleJourneyEvent(initialJourneyState(), transportRequested, POLICY).state).toEqual(initialJourneyState());
  });
});

describe('journey stream', () => {
  function record(events: JourneyEvent[]): JourneyStreamEvent[] {
    const recorded: JourneyStreamEvent[] = [];
    let state = initialJourneyState();
    events.forEach((event, index) => {
      const step = handleJourneyEvent(state, event, POLICY);
      recorded.push(...recordStep(state, step, event, `source-${index}`, TRIAGED_AT));
      state = step.state;
    });
    return recorded;
  }

  it('starts with JourneyStarted and records later steps', () => {
    const types = record([triaged(true), booked]).map((event) => event.type);

    expect(types).toEqual(['JourneyStarted', 'JourneyStepRecorded']);
  });

  it('folds back to the state the manager reached', () => {
    const events = [triaged(true), booked, transportRequested];

    expect(foldJourneyStream(record(events), POLICY)).toEqual(stateAfter(events));
  });

  it('adds JourneyClosed with the outcome and score', () => {
    const missed: JourneyEvent = { type: 'AppointmentMissed', data: { journeyId: J, appointmentId: 'a1', recordedAt: STARTS_AT } };
    const deadline = stateAfter([triaged(false), booked, missed]).pendingTimers.find((timerId) => timerId.includes('rebooking-deadline'))!;
    const fired: JourneyEvent = { type: 'TimerFired', data: { journeyId: J, timerId: deadline, firedAt: '2025-03-16T00:00:00.000Z' } };

    const closed = record([triaged(false), booked, missed, fired]).filter((event) => event.type === 'JourneyClosed');

    expect(closed).toEqual([{ type: 'JourneyClosed', data: { journeyId: J, outcome: 'lost-to-follow-up', score: 45, closedAt: '2025-03-16T00:00:00.000Z' } }]);
  });
});
