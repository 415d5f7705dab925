// The care-journey process manager, as pure functions. `handleJourneyEvent` is the one place that
// decides: it returns the next state and the commands to issue. `evolveJourney` and `reactToJourneyEvent`
// are its two halves, so the state a runner folds and the commands it sends can never disagree.
//
// An event the journey has already handled, or one about a stale appointment, ride or timer, leaves
// the state unchanged and issues nothing. Each command id is derived from the journey id and the
// step, so a runner that crashes after sending and handles the event again sends the same ids.

import { assertNever } from '../shared/decider';
import {
  onAppointmentAttended,
  onAppointmentBooked,
  onAppointmentCancelled,
  onAppointmentMissed,
  onRideBooked,
  onRideCompleted,
  onRideFailed,
  onRideRetryDue,
  onTransportRequested,
} from './booking-steps';
import { addMs, DEFAULT_JOURNEY_POLICY, hours, minutes, Reaction, timerIdFor, type JourneyPolicy, type JourneyState } from './journey-state';
import type { JourneyCommand, JourneyEvent, JourneyOutcome, TaskPriority, TimerPurpose } from './messages';
import { scoreOutcome } from './outcome-score';

export interface JourneyStep {
  state: JourneyState;
  commands: JourneyCommand[];
}

export function handleJourneyEvent(state: JourneyState, event: JourneyEvent, policy: JourneyPolicy = DEFAULT_JOURNEY_POLICY): JourneyStep {
  const reaction = new Reaction(state, policy);
  const belongsHere = state.journeyId === null || state.journeyId === event.data.journeyId;
  if (state.phase !== 'closed' && belongsHere) {
    dispatch(reaction, event);
  }
  return { state: reaction.state, commands: reaction.commands };
}

export function evolveJourney(state: JourneyState, event: JourneyEvent, policy: JourneyPolicy = DEFAULT_JOURNEY_POLICY): JourneyState {
  return handleJourneyEvent(state, event, policy).state;
}

export function reactToJourneyEvent(state: JourneyState, event: JourneyEvent, policy: JourneyPolicy = DEFAULT_JOURNEY_POLICY): JourneyCommand[] {
  return handleJourneyEvent(state, event, policy).commands;
}

function dispatch(reaction: Reaction, event: JourneyEvent): void {
  switch (event.type) {
    case 'TriageAssessed':
      return onTriageAssessed(reaction, event.data);
    case 'PatientHandedOver':
      return onPatientHandedOver(reaction, event.data);
    case 'EmergencyVisitEnded':
      return onEmergencyVisitEnded(reaction, event.data);
    case 'AppointmentBooked':
      return onAppointmentBooked(reaction, event.data);
    case 'AppointmentCancelled':
      return onAppointmentCancelled(reaction, event.data);
    case 'AppointmentAttended':
      return onAppointmentAttended(reaction, event.data);
    case 'AppointmentMissed':
      return onAppointmentMissed(reaction, event.data);
    case 'TransportRequested':
      return onTransportRequested(reaction, event.data);
    case 'RideBooked':
      return onRideBooked(reaction, event.data);
    case 'RideFailed':
      return onRideFailed(reaction, event.data);
    case 'RideCompleted':
      return onRideCompleted(reaction, event.data);
    case 'CheckInAnswered':
      return reaction.count('checkInsAnswered');
    case 'EscalationRaised':
      return onEscalationRaised(reaction, event.data);
    case 'TimerFired':
      return onTimerFired(reaction, event.data);
    default:
      return assertNever(event, 'journey event');
  }
}

type EventOf<Type extends JourneyEvent['type']> = Extract<JourneyEvent, { type: Type }>['data'];

function onTriageAssessed(reaction: Reaction, data: EventOf<'TriageAssessed'>): void {
  if (reaction.state.phase !== 'new') {
    return;
  }
  reaction.update({
    journeyId: data.journeyId,
    patientId: data.patientId,
    acuity: data.acuity,
    needsTransport: data.needsTransport,
    triagedAt: data.assessedAt,
  });

  if (data.acuity === 'critical') {
    reaction.update({ phase: 'emergency', afterEmergency: true });
    reaction.issue('request-ambulance', 'triage', { type: 'RequestAmbulance', patientId: data.patientId, requestedAt: data.assessedAt });
    reaction.issue('notify-emergency-department', 'triage', {
      type: 'NotifyEmergencyDepartment',
      facilityId: data.receivingFacilityId,
      patientId: data.patientId,
      notifiedAt: data.assessedAt,
    });
    reaction.scheduleTimer('handover-check', 'triage', addMs(data.assessedAt, minutes(reaction.policy.handoverCheckMinutes)));
    return;
  }

  reaction.update({ phase: 'booking' });
  reaction.issue('offer-provider-options', 'triage', { type: 'OfferProviderOptions', patientId: data.patientId, acuity: data.acuity });
  reaction.scheduleTimer('booking-deadline', 'triage', addMs(data.assessedAt, hours(reaction.policy.bookingDeadlineHours[data.acuity])));
}

function onPatientHandedOver(reaction: Reaction, data: EventOf<'PatientHandedOver'>): void {
  if (reaction.state.phase !== 'emergency' || reaction.state.careReachedAt !== null) {
    return;
  }
  reaction.cancelTimer('handover-check', 'triage');
  reaction.update({ careReachedAt: data.handedOverAt });
}

function onEmergencyVisitEnded(reaction: Reaction, data: EventOf<'EmergencyVisitEnded'>): void {
  if (reaction.state.phase !== 'emergency') {
    return;
  }
  reaction.cancelTimer('handover-check', 'triage');
  reaction.update({ careReachedAt: reaction.state.careReachedAt ?? data.endedAt });

  if (data.disposition === 'admitted') {
    closeJourney(reaction, 'admitted', data.endedAt);
    return;
  }
  reaction.update({ phase: 'follow-up' });
  reaction.issue('start-follow-up', 'emergency', { type: 'StartFollowUpPlan', patientId: reaction.state.patientId ?? '', after: 'emergency-discharge' });
  reaction.scheduleTimer('follow-up-review', 'emergency', addMs(data.endedAt, hours(24 * reaction.policy.followUpDays)));
}

function onEscalationRaised(reaction: Reaction, data: EventOf<'EscalationRaised'>): void {
  if (reaction.state.seenEscalations.includes(data.escalationId)) {
    return;
  }
  reaction.update({ seenEscalations: [...reaction.state.seenEscalations, data.escalationId] });
  if (data.priority === 'critical') reaction.count('criticalEscalations');
  if (data.priority === 'high') reaction.count('highEscalations');

  // A critical escalation needs a person to call the patient now, so it becomes a coordinator
  // task. The others go to the care team's inbox.
  if (data.priority === 'critical' || data.action === 'URGENT_CALLBACK') {
    reaction.issue('coordinator-task', `escalation:${data.escalationId}`, {
      type: 'CreateCoordinatorTask',
      reason: 'escalation',
      priority: 'critical',
      detail: `escalation ${data.escalationId} asks for ${data.action}`,
    });
    return;
  }
  reaction.issue('notify-care-team', data.escalationId, { type: 'NotifyCareTeam', escalationId: data.escalationId, action: data.action, priority: data.priority });
}

function onTimerFired(reaction: Reaction, data: EventOf<'TimerFired'>): void {
  if (!reaction.consumeTimer(data.timerId)) {
    return;
  }
  const purpose = purposeOf(reaction, data.timerId);

  switch (purpose) {
    case 'handover-check':
      return coordinatorTask(reaction, 'ambulance-handover-overdue', 'critical', 'no emergency department handover recorded yet; check on the ambulance');
    case 'booking-deadline': {
      const priority: TaskPriority = reaction.state.acuity === 'urgent' ? 'high' : 'medium';
      return coordinatorTask(reaction, 'booking-overdue', priority, 'the patient has not booked an appointment; help them choose a provider');
    }
    case 'ride-retry':
      return onRideRetryDue(reaction);
    case 'attendance-check':
      return coordinatorTask(reaction, 'attendance-unconfirmed', 'medium', 'the provider has not recorded whether the patient attended');
    case 'rebooking-deadline':
      return closeJourney(reaction, 'lost-to-follow-up', data.firedAt);
    case 'follow-up-review':
      return closeJourney(reaction, reaction.state.afterEmergency ? 'completed-after-emergency' : 'completed', data.firedAt);
    case null:
      return;
    default:
      return assertNever(purpose, 'timer purpose');
  }
}

function coordinatorTask(reaction: Reaction, reason: Extract<JourneyCommand, { type: 'CreateCoordinatorTask' }>['reason'], priority: TaskPriority, detail: string): void {
  const key = `${reason}:${reaction.state.appointment?.appointmentId ?? 'journey'}`;
  reaction.issue('coordinator-task', key, { type: 'CreateCoordinatorTask', reason, priority, detail });
}

function closeJourney(reaction: Reaction, outcome: JourneyOutcome, closedAt: string): void {
  const { state } = reaction;
  const score = scoreOutcome({
    acuity: state.acuity ?? 'routine',
    triagedAt: state.triagedAt ?? closedAt,
    careReachedAt: state.careReachedAt,
    missedAppointments: state.tally.missedAppointments,
    providerCancellations: state.tally.providerCancellations,
    rideFailures: state.tally.rideFailures,
    transportGivenUp: state.tally.transportGivenUp,
    criticalEscalations: state.tally.criticalEscalations,
    highEscalations: state.tally.highEscalations,
  });

  reaction.cancelAllTimers();
  reaction.issue('close-journey', 'final', { type: 'CloseJourney', outcome, score, closedAt });
  reaction.update({ phase: 'closed', outcome });
}

const TIMER_PURPOSES: TimerPurpose[] = ['handover-check', 'booking-deadline', 'ride-retry', 'attendance-check', 'rebooking-deadline', 'follow-up-review'];

function purposeOf(reaction: Reaction, timerId: string): TimerPurpose | null {
  return TIMER_PURPOSES.find((purpose) => timerId.startsWith(timerIdFor(reaction.journeyId, purpose, ''))) ?? null;
}
