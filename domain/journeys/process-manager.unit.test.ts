import fc from 'fast-check';

import { DEFAULT_JOURNEY_POLICY, initialJourneyState, rideIdFor, timerIdFor, type JourneyPolicy, type JourneyState } from './journey-state';
import type { JourneyCommand, JourneyEvent, TimerPurpose } from './messages';
import { evolveJourney, handleJourneyEvent, reactToJourneyEvent } from './process-manager';

const POLICY: JourneyPolicy = { ...DEFAULT_JOURNEY_POLICY, transportPartners: ['acme', 'bravo'] };
const J = 'j1';
const TRIAGED_AT = '2025-03-10T09:00:00.000Z';
const STARTS_AT = '2025-03-12T14:00:00.000Z';

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

const timer = (purpose: TimerPurpose, key: string) => timerIdFor(J, purpose, key);
const fired = (timerId: string, firedAt: string): JourneyEvent => ({ type: 'TimerFired', data: { journeyId: J, timerId, firedAt } });

const triagedCritical: JourneyEvent = {
  type: 'TriageAssessed',
  data: { journeyId: J, patientId: 'p1', acuity: 'critical', needsTransport: false, receivingFacilityId: 'ed-toronto-general', assessedAt: TRIAGED_AT },
};
const triagedRoutine: JourneyEvent = {
  type: 'TriageAssessed',
  data: { journeyId: J, patientId: 'p1', acuity: 'routine', needsTransport: true, receivingFacilityId: null, assessedAt: TRIAGED_AT },
};
const booked: JourneyEvent = {
  type: 'AppointmentBooked',
  data: { journeyId: J, appointmentId: 'a1', providerId: 'dr-lee', startsAt: STARTS_AT, bookedAt: '2025-03-10T10:00:00.000Z' },
};
const ride = (partnerIndex: number, attempt: number) => rideIdFor(J, 'a1', partnerIndex, attempt);
const rideFailed = (rideId: string, failedAt = '2025-03-12T10:00:00.000Z'): JourneyEvent => ({
  type: 'RideFailed',
  data: { journeyId: J, rideId, partnerId: 'x', reason: 'no vehicle', failedAt },
});

describe('emergency path', () => {
  it('requests an ambulance, notifies the ED and waits for the handover', () => {
    expect(reactToJourneyEvent(initialJourneyState(), triagedCritical, POLICY)).toEqual([
      { type: 'RequestAmbulance', commandId: 'j1:request-ambulance:triage', journeyId: J, patientId: 'p1', requestedAt: TRIAGED_AT },
      {
        type: 'NotifyEmergencyDepartment',
        commandId: 'j1:notify-emergency-department:triage',
        journeyId: J,
        facilityId: 'ed-toronto-general',
        patientId: 'p1',
        notifiedAt: TRIAGED_AT,
      },
      {
        type: 'ScheduleTimer',
        commandId: `${timer('handover-check', 'triage')}:schedule`,
        journeyId: J,
        timerId: timer('handover-check', 'triage'),
        purpose: 'handover-check',
        dueAt: '2025-03-10T09:30:00.000Z',
      },
    ]);
  });

  it('cancels the handover check once the patient is handed over', () => {
    given(triagedCritical)
      .when({ type: 'PatientHandedOver', data: { journeyId: J, facilityId: 'ed-toronto-general', handedOverAt: '2025-03-10T09:20:00.000Z' } })
      .then([{ type: 'CancelTimer', timerId: timer('handover-check', 'triage') }]);
  });

  it('raises a critical coordinator task when the handover is overdue', () => {
    given(triagedCritical)
      .when(fired(timer('handover-check', 'triage'), '2025-03-10T09:30:00.000Z'))
      .then([{ type: 'CreateCoordinatorTask', reason: 'ambulance-handover-overdue', priority: 'critical' }]);
  });

  it('starts follow-up after an ED discharge', () => {
    const handedOver: JourneyEvent = { type: 'PatientHandedOver', data: { journeyId: J, facilityId: 'ed', handedOverAt: '2025-03-10T09:20:00.000Z' } };

    given(triagedCritical, handedOver)
      .when({ type: 'EmergencyVisitEnded', data: { journeyId: J, disposition: 'discharged', endedAt: '2025-03-10T15:00:00.000Z' } })
      .then([
        { type: 'StartFollowUpPlan', after: 'emergency-discharge' },
        { type: 'ScheduleTimer', purpose: 'follow-up-review', dueAt: '2025-03-24T15:00:00.000Z' },
      ]);
  });

  it('closes with a full score when admitted on time', () => {
    const handedOver: JourneyEvent = { type: 'PatientHandedOver', data: { journeyId: J, facilityId: 'ed', handedOverAt: '2025-03-10T09:20:00.000Z' } };

    given(triagedCritical, handedOver)
      .when({ type: 'EmergencyVisitEnded', data: { journeyId: J, disposition: 'admitted', endedAt: '2025-03-10T13:00:00.000Z' } })
      .then([{ type: 'CloseJourney', commandId: 'j1:close-journey:final', outcome: 'admitted', score: 100 }]);
  });
});

describe('booking path', () => {
  it('offers providers and sets a booking deadline', () => {
    given()
      .when(triagedRoutine)
      .then([
        { type: 'OfferProviderOptions', acuity: 'routine', commandId: 'j1:offer-provider-options:triage' },
        { type: 'ScheduleTimer', purpose: 'booking-deadline', dueAt: '2025-03-13T09:00:00.000Z' },
      ]);
  });

  it('arranges transport, a reminder and an attendance check on booking', () => {
    given(triagedRoutine)
      .when(booked)
      .then([
        { type: 'CancelTimer', timerId: timer('booking-deadline', 'triage') },
        { type: 'ScheduleReminder', appointmentId: 'a1', remindAt: '2025-03-11T14:00:00.000Z' },
        { type: 'ScheduleTimer', timerId: timer('attendance-check', 'a1'), dueAt: '2025-03-12T16:00:00.000Z' },
        { type: 'ArrangeTransport', rideId: ride(0, 1), partnerId: 'acme', arriveBy: STARTS_AT },
      ]);
  });

  it('raises a coordinator task when nobody books by the deadline', () => {
    given(triagedRoutine)
      .when(fired(timer('booking-deadline', 'triage'), '2025-03-13T09:00:00.000Z'))
      .then([{ type: 'CreateCoordinatorTask', reason: 'booking-overdue', priority: 'medium' }]);
  });

  it('closes with a score after the follow-up review', () => {
    const attended: JourneyEvent = { type: 'AppointmentAttended', data: { journeyId: J, appointmentId: 'a1', attendedAt: STARTS_AT } };

    given(triagedRoutine, booked)
      .when(attended)
      .then([
        { type: 'CancelTimer', timerId: timer('attendance-check', 'a1') },
        { type: 'StartFollowUpPlan', after: 'appointment' },
        { type: 'ScheduleTimer', timerId: timer('follow-up-review', 'a1'), dueAt: '2025-03-26T14:00:00.000Z' },
      ]);
    given(triagedRoutine, booked, attended)
      .when(fired(timer('follow-up-review', 'a1'), '2025-03-26T14:00:00.000Z'))
      .then([{ type: 'CloseJourney', outcome: 'completed', score: 100 }]);
  });
});

describe('ride compensations', () => {
  it('retries the same partner after an exponential back-off', () => {
    given(triagedRoutine, booked)
      .when(rideFailed(ride(0, 1)))
      .then([{ type: 'ScheduleTimer', timerId: timer('ride-retry', ride(0, 1)), dueAt: '2025-03-12T10:02:00.000Z' }]);
    given(triagedRoutine, booked, rideFailed(ride(0, 1)))
      .when(fired(timer('ride-retry', ride(0, 1)), '2025-03-12T10:02:00.000Z'))
      .then([{ type: 'RetryRideWithBackoff', rideId: ride(0, 2), partnerId: 'acme', attempt: 2, backoffMs: 120_000 }]);
    given(triagedRoutine, booked, rideFailed(ride(0, 1)), fired(timer('ride-retry', ride(0, 1)), '2025-03-12T10:02:00.000Z'))
      .when(rideFailed(ride(0, 2), '2025-03-12T10:05:00.000Z'))
      .then([{ type: 'ScheduleTimer', timerId: timer('ride-retry', ride(0, 2)), dueAt: '2025-03-12T10:09:00.000Z' }]);
  });

  it('moves to the next partner after the last attempt', () => {
    const history = [
      triagedRoutine,
      booked,
      rideFailed(ride(0, 1)),
      fired(timer('ride-retry', ride(0, 1)), '2025-03-12T10:02:00.000Z'),
      rideFailed(ride(0, 2)),
      fired(timer('ride-retry', ride(0, 2)), '2025-03-12T10:04:00.000Z'),
    ];

    given(...history)
      .when(rideFailed(ride(0, 3)))
      .then([{ type: 'TryNextPartner', rideId: ride(1, 1), partnerId: 'bravo', commandId: `j1:try-next-partner:${ride(1, 1)}` }]);
  });

  it('moves to the next partner when a retry would come too late', () => {
    given(triagedRoutine, booked)
      .when(rideFailed(ride(0, 1), '2025-03-12T12:59:00.000Z'))
      .then([{ type: 'TryNextPartner', rideId: ride(1, 1), partnerId: 'bravo' }]);
  });

  it('hands transport to a coordinator when every partner failed', () => {
    given(triagedRoutine, booked, rideFailed(ride(0, 1), '2025-03-12T13:30:00.000Z'))
      .when(rideFailed(ride(1, 1), '2025-03-12T13:31:00.000Z'))
      .then([{ type: 'CreateCoordinatorTask', reason: 'transport-unavailable', priority: 'high' }]);
  });

  it('ignores a failure of a ride that is no longer current', () => {
    given(triagedRoutine, booked, rideFailed(ride(0, 1), '2025-03-12T12:59:00.000Z')).when(rideFailed(ride(0, 1))).then([]);
  });
});

describe('appointment compensations', () => {
  it('cancels the ride when the appointment is cancelled, then offers rebooking', () => {
    given(triagedRoutine, booked)
      .when({ type: 'AppointmentCancelled', data: { journeyId: J, appointmentId: 'a1', cancelledBy: 'provider', cancelledAt: '2025-03-11T08:00:00.000Z' } })
      .then([
        { type: 'CancelRide', rideId: ride(0, 1), commandId: `j1:cancel-ride:${ride(0, 1)}` },
        { type: 'CancelTimer', timerId: timer('attendance-check', 'a1') },
        { type: 'CancelReminder', appointmentId: 'a1' },
        { type: 'OfferRebooking', appointmentId: 'a1', reason: 'cancelled-by-provider' },
        { type: 'ScheduleTimer', timerId: timer('rebooking-deadline', 'a1'), dueAt: '2025-03-14T08:00:00.000Z' },
      ]);
  });

  it('cancels a pending retry instead of a ride that already failed', () => {
    given(triagedRoutine, booked, rideFailed(ride(0, 1)))
      .when({ type: 'AppointmentCancelled', data: { journeyId: J, appointmentId: 'a1', cancelledBy: 'patient', cancelledAt: '2025-03-12T10:01:00.000Z' } })
      .then([
        { type: 'CancelTimer', timerId: timer('ride-retry', ride(0, 1)) },
        { type: 'CancelTimer', timerId: timer('attendance-check', 'a1') },
        { type: 'CancelReminder', appointmentId: 'a1' },
        { type: 'OfferRebooking', reason: 'cancelled-by-patient' },
        { type: 'ScheduleTimer', purpose: 'rebooking-deadline' },
      ]);
  });

  it('offers rebooking after a missed appointment and escalates the second miss', () => {
    const rideDone: JourneyEvent = { type: 'RideCompleted', data: { journeyId: J, rideId: ride(0, 1), completedAt: '2025-03-12T13:40:00.000Z' } };
    const missed = (appointmentId: string): JourneyEvent => ({ type: 'AppointmentMissed', data: { journeyId: J, appointmentId, recordedAt: '2025-03-12T15:00:00.000Z' } });
    const rebooked: JourneyEvent = {
      type: 'AppointmentBooked',
      data: { journeyId: J, appointmentId: 'a2', providerId: 'dr-lee', startsAt: '2025-03-19T14:00:00.000Z', bookedAt: '2025-03-13T10:00:00.000Z' },
    };

    given(triagedRoutine, booked, rideDone)
      .when(missed('a1'))
      .then([
        { type: 'CancelTimer', timerId: timer('attendance-check', 'a1') },
        { type: 'OfferRebooking', appointmentId: 'a1', reason: 'missed' },
        { type: 'ScheduleTimer', timerId: timer('rebooking-deadline', 'a1') },
      ]);
    given(triagedRoutine, booked, rideDone, missed('a1'), rebooked)
      .when(missed('a2'))
      .then([
        { type: 'CancelRide', rideId: rideIdFor(J, 'a2', 0, 1) },
        { type: 'CancelTimer', timerId: timer('attendance-check', 'a2') },
        { type: 'OfferRebooking', appointmentId: 'a2' },
        { type: 'ScheduleTimer', timerId: timer('rebooking-deadline', 'a2') },
        { type: 'CreateCoordinatorTask', reason: 'repeated-missed-appointments' },
      ]);
  });

  it('closes as lost to follow-up when nobody rebooks', () => {
    const cancelled: JourneyEvent = {
      type: 'AppointmentCancelled',
      data: { journeyId: J, appointmentId: 'a1', cancelledBy: 'provider', cancelledAt: '2025-03-11T08:00:00.000Z' },
    };

    given(triagedRoutine, booked, cancelled)
      .when(fired(timer('rebooking-deadline', 'a1'), '2025-03-14T08:00:00.000Z'))
      .then([{ type: 'CloseJourney', outcome: 'lost-to-follow-up', score: 50 }]);
  });
});

describe('escalations and closed journeys', () => {
  const escalation: JourneyEvent = {
    type: 'EscalationRaised',
    data: { journeyId: J, escalationId: 'ci-4:chest-pain', action: 'URGENT_CALLBACK', priority: 'critical', raisedAt: '2025-03-20T08:00:00.000Z' },
  };

  it('turns a critical escalation into a coordinator task once', () => {
    given(triagedRoutine).when(escalation).then([{ type: 'CreateCoordinatorTask', reason: 'escalation', priority: 'critical' }]);
    given(triagedRoutine, escalation).when(escalation).then([]);
  });

  it('sends other escalations to the care team', () => {
    given(triagedRoutine)
      .when({ type: 'EscalationRaised', data: { ...escalation.data, escalationId: 'e2', action: 'ALERT_PROVIDER', priority: 'high' } })
      .then([{ type: 'NotifyCareTeam', escalationId: 'e2', action: 'ALERT_PROVIDER', priority: 'high' }]);
  });

  it('ignores events after closing and events of other journeys', () => {
    const admitted: JourneyEvent = { type: 'EmergencyVisitEnded', data: { journeyId: J, disposition: 'admitted', endedAt: '2025-03-10T13:00:00.000Z' } };

    given(triagedCritical, admitted).when(escalation).then([]);
    given(triagedRoutine).when({ ...booked, data: { ...booked.data, journeyId: 'other' } }).then([]);
  });
});

describe('journey properties', () => {
  const times = ['2025-03-10T10:00:00.000Z', '2025-03-12T10:00:00.000Z', '2025-03-12T13:30:00.000Z', '2025-03-30T00:00:00.000Z'];
  const appointments = ['a1', 'a2'];
  const rideIds = appointments.flatMap((appointmentId) => [0, 1].flatMap((partner) => [1, 2, 3].map((attempt) => rideIdFor(J, appointmentId, partner, attempt))));
  const timerIds = [
    timer('handover-check', 'triage'),
    timer('booking-deadline', 'triage'),
    timer('follow-up-review', 'emergency'),
    ...appointments.flatMap((a) => [timer('attendance-check', a), timer('rebooking-deadline', a), timer('follow-up-review', a)]),
    ...rideIds.map((rideId) => timer('ride-retry', rideId)),
  ];

  const event: fc.Arbitrary<JourneyEvent> = fc.oneof(
    fc.constantFrom(triagedCritical, triagedRoutine),
    fc.record({ appointmentId: fc.constantFrom(...appointments), at: fc.constantFrom(...times) }).chain(({ appointmentId, at }) =>
      fc.constantFrom<JourneyEvent>(
        { type: 'AppointmentBooked', data: { journeyId: J, appointmentId, providerId: 'dr', startsAt: STARTS_AT, bookedAt: at } },
        { type: 'AppointmentCancelled', data: { journeyId: J, appointmentId, cancelledBy: 'provider', cancelledAt: at } },
        { type: 'AppointmentAttended', data: { journeyId: J, appointmentId, attendedAt: at } },
        { type: 'AppointmentMissed', data: { journeyId: J, appointmentId, recordedAt: at } },
      ),
    ),
    fc.record({ rideId: fc.constantFrom(...rideIds), at: fc.constantFrom(...times) }).chain(({ rideId, at }) =>
      fc.constantFrom<JourneyEvent>(rideFailed(rideId, at), { type: 'RideBooked', data: { journeyId: J, rideId, partnerId: 'acme', bookedAt: at } }),
    ),
    fc.record({ timerId: fc.constantFrom(...timerIds), at: fc.constantFrom(...times) }).map(({ timerId, at }) => fired(timerId, at)),
    fc.constantFrom<JourneyEvent>(
      { type: 'PatientHandedOver', data: { journeyId: J, facilityId: 'ed', handedOverAt: '2025-03-10T09:20:00.000Z' } },
      { type: 'EmergencyVisitEnded', data: { journeyId: J, disposition: 'discharged', endedAt: '2025-03-10T15:00:00.000Z' } },
      { type: 'TransportRequested', data: { journeyId: J, requestedAt: '2025-03-10T09:30:00.000Z' } },
    ),
  );

  it('issues nothing when an event is handled twice in a row', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        let state = initialJourneyState();
        for (const next of events) {
          const first = handleJourneyEvent(state, next, POLICY);
          const again = handleJourneyEvent(first.state, next, POLICY);

          expect(again.commands).toEqual([]);
          expect(again.state).toEqual(first.state);
          state = first.state;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never issues the same command id twice in one journey', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        let state = initialJourneyState();
        const seen = new Set<string>();
        for (const next of events) {
          const step = handleJourneyEvent(state, next, POLICY);
          for (const command of step.commands) {
            expect(seen.has(command.commandId)).toBe(false);
            seen.add(command.commandId);
          }
          state = step.state;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no timer pending once closed', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        const state = stateAfter(events);
        if (state.phase === 'closed') {
          expect(state.pendingTimers).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
