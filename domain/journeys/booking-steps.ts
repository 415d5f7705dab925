// The booking path and its compensations. Booking an appointment arranges transport, a reminder
// and an attendance check. A cancelled appointment cancels its ride. A failed ride is retried with
// exponential back-off, then given to the next partner, then to a coordinator. A missed
// appointment gets a rebooking offer.

import { addMs, hours, rideIdFor, type Reaction } from './journey-state';
import type { JourneyEvent } from './messages';

type EventOf<Type extends JourneyEvent['type']> = Extract<JourneyEvent, { type: Type }>['data'];

export function onAppointmentBooked(reaction: Reaction, data: EventOf<'AppointmentBooked'>): void {
  const { state, policy } = reaction;
  // Every step keys its ids on the appointment id, so an id booked before (and since released)
  // is ignored rather than reusing those ids.
  if (state.phase !== 'booking' || state.appointmentIds.includes(data.appointmentId)) {
    return;
  }

  reaction.cancelTimer('booking-deadline', 'triage');
  reaction.cancelTimersOf('rebooking-deadline');
  reaction.update({
    phase: 'booked',
    appointment: { appointmentId: data.appointmentId, startsAt: data.startsAt },
    appointmentIds: [...state.appointmentIds, data.appointmentId],
  });

  const remindAt = maxTime(data.bookedAt, addMs(data.startsAt, -hours(policy.reminderHoursBefore)));
  reaction.issue('schedule-reminder', data.appointmentId, { type: 'ScheduleReminder', appointmentId: data.appointmentId, remindAt });
  reaction.scheduleTimer('attendance-check', data.appointmentId, addMs(data.startsAt, hours(policy.attendanceGraceHours)));

  if (state.needsTransport) {
    arrangeFirstRide(reaction, data.appointmentId, data.startsAt);
  }
}

/**
 * The patient asks for transport after triage. A booked appointment gets its first ride at once;
 * otherwise the next booking arranges one. Asking again changes nothing.
 */
export function onTransportRequested(reaction: Reaction, _data: EventOf<'TransportRequested'>): void {
  const { state } = reaction;
  if (state.needsTransport || state.phase === 'new') {
    return;
  }

  reaction.update({ needsTransport: true });
  if (state.phase === 'booked' && state.appointment && state.ride === null) {
    arrangeFirstRide(reaction, state.appointment.appointmentId, state.appointment.startsAt);
  }
}

function arrangeFirstRide(reaction: Reaction, appointmentId: string, startsAt: string): void {
  const rideId = rideIdFor(reaction.journeyId, appointmentId, 0, 1);
  const partnerId = reaction.policy.transportPartners[0]!;
  reaction.issue('arrange-transport', rideId, { type: 'ArrangeTransport', appointmentId, rideId, partnerId, arriveBy: startsAt });
  reaction.update({ ride: { rideId, partnerIndex: 0, attempt: 1, status: 'requested' } });
}

export function onRideBooked(reaction: Reaction, data: EventOf<'RideBooked'>): void {
  const ride = reaction.state.ride;
  if (ride?.rideId === data.rideId && ride.status === 'requested') {
    reaction.update({ ride: { ...ride, status: 'booked' } });
  }
}

export function onRideCompleted(reaction: Reaction, data: EventOf<'RideCompleted'>): void {
  const ride = reaction.state.ride;
  if (ride?.rideId === data.rideId && (ride.status === 'requested' || ride.status === 'booked')) {
    reaction.update({ ride: { ...ride, status: 'completed' } });
  }
}

/** Back-off before request `attempt + 1` to the same partner: base, then doubling. */
export function backoffMs(baseMs: number, attempt: number): number {
  return baseMs * 2 ** (attempt - 1);
}

export function onRideFailed(reaction: Reaction, data: EventOf<'RideFailed'>): void {
  const { state, policy } = reaction;
  const ride = state.ride;
  const appointment = state.appointment;
  if (!ride || !appointment || ride.rideId !== data.rideId || (ride.status !== 'requested' && ride.status !== 'booked')) {
    return;
  }
  reaction.count('rideFailures');

  // 1. Retry the same partner after a back-off, while the retry still leaves time to get there.
  const retryAt = addMs(data.failedAt, backoffMs(policy.rideRetryBaseMs, ride.attempt));
  const latestRetry = addMs(appointment.startsAt, -policy.rideRetryCutoffMs);
  if (ride.attempt < policy.maxRideAttempts && Date.parse(retryAt) <= Date.parse(latestRetry)) {
    reaction.scheduleTimer('ride-retry', ride.rideId, retryAt);
    reaction.update({ ride: { ...ride, status: 'waiting-retry' } });
    return;
  }

  // 2. Otherwise hand the ride to the next partner at once.
  const nextPartner = ride.partnerIndex + 1;
  if (nextPartner < policy.transportPartners.length) {
    const rideId = rideIdFor(reaction.journeyId, appointment.appointmentId, nextPartner, 1);
    const partnerId = policy.transportPartners[nextPartner]!;
    reaction.issue('try-next-partner', rideId, { type: 'TryNextPartner', appointmentId: appointment.appointmentId, rideId, partnerId, arriveBy: appointment.startsAt });
    reaction.update({ ride: { rideId, partnerIndex: nextPartner, attempt: 1, status: 'requested' } });
    return;
  }

  // 3. Every partner failed: a coordinator arranges transport by hand.
  reaction.count('transportGivenUp');
  reaction.update({ ride: { ...ride, status: 'given-up' } });
  reaction.issue('coordinator-task', `transport-unavailable:${appointment.appointmentId}`, {
    type: 'CreateCoordinatorTask',
    reason: 'transport-unavailable',
    priority: 'high',
    detail: `every transport partner failed for appointment ${appointment.appointmentId} at ${appointment.startsAt}; last reason: ${data.reason}`,
  });
}

export function onRideRetryDue(reaction: Reaction): void {
  const { state, policy } = reaction;
  const ride = state.ride;
  const appointment = state.appointment;
  if (!ride || !appointment || ride.status !== 'waiting-retry') {
    return;
  }

  const attempt = ride.attempt + 1;
  const rideId = rideIdFor(reaction.journeyId, appointment.appointmentId, ride.partnerIndex, attempt);
  reaction.issue('retry-ride', rideId, {
    type: 'RetryRideWithBackoff',
    appointmentId: appointment.appointmentId,
    rideId,
    partnerId: policy.transportPartners[ride.partnerIndex]!,
    attempt,
    backoffMs: backoffMs(policy.rideRetryBaseMs, ride.attempt),
    arriveBy: appointment.startsAt,
  });
  reaction.update({ ride: { rideId, partnerIndex: ride.partnerIndex, attempt, status: 'requested' } });
}

export function onAppointmentCancelled(reaction: Reaction, data: EventOf<'AppointmentCancelled'>): void {
  if (!isCurrentAppointment(reaction, data.appointmentId)) {
    return;
  }
  if (data.cancelledBy === 'provider') {
    reaction.count('providerCancellations');
  }

  releaseAppointment(reaction, data.appointmentId, `appointment ${data.appointmentId} cancelled by the ${data.cancelledBy}`);
  reaction.issue('cancel-reminder', data.appointmentId, { type: 'CancelReminder', appointmentId: data.appointmentId });
  offerRebooking(reaction, data.appointmentId, data.cancelledBy === 'provider' ? 'cancelled-by-provider' : 'cancelled-by-patient', data.cancelledAt);
}

export function onAppointmentMissed(reaction: Reaction, data: EventOf<'AppointmentMissed'>): void {
  if (!isCurrentAppointment(reaction, data.appointmentId)) {
    return;
  }
  reaction.count('missedAppointments');

  releaseAppointment(reaction, data.appointmentId, `appointment ${data.appointmentId} was missed`);
  offerRebooking(reaction, data.appointmentId, 'missed', data.recordedAt);
  if (reaction.state.tally.missedAppointments >= 2) {
    reaction.issue('coordinator-task', `repeated-missed:${data.appointmentId}`, {
      type: 'CreateCoordinatorTask',
      reason: 'repeated-missed-appointments',
      priority: 'medium',
      detail: `${reaction.state.tally.missedAppointments} appointments missed; call the patient about barriers to attending`,
    });
  }
}

export function onAppointmentAttended(reaction: Reaction, data: EventOf<'AppointmentAttended'>): void {
  if (!isCurrentAppointment(reaction, data.appointmentId)) {
    return;
  }

  reaction.cancelTimer('attendance-check', data.appointmentId);
  reaction.update({ phase: 'follow-up', careReachedAt: reaction.state.careReachedAt ?? data.attendedAt });
  reaction.issue('start-follow-up', data.appointmentId, { type: 'StartFollowUpPlan', patientId: reaction.state.patientId ?? '', after: 'appointment' });
  reaction.scheduleTimer('follow-up-review', data.appointmentId, addMs(data.attendedAt, hours(24 * reaction.policy.followUpDays)));
}

/** Cancels the ride (unless it already ended) and the attendance timer of an appointment that will not happen. */
function releaseAppointment(reaction: Reaction, appointmentId: string, reason: string): void {
  const ride = reaction.state.ride;
  if (ride && (ride.status === 'requested' || ride.status === 'booked')) {
    reaction.issue('cancel-ride', ride.rideId, { type: 'CancelRide', rideId: ride.rideId, reason });
    reaction.update({ ride: { ...ride, status: 'cancelled' } });
  }
  if (ride?.status === 'waiting-retry') {
    reaction.cancelTimer('ride-retry', ride.rideId);
    reaction.update({ ride: { ...ride, status: 'cancelled' } });
  }
  reaction.cancelTimer('attendance-check', appointmentId);
  reaction.update({ phase: 'booking', appointment: null });
}

function offerRebooking(reaction: Reaction, appointmentId: string, reason: 'cancelled-by-provider' | 'cancelled-by-patient' | 'missed', at: string): void {
  reaction.issue('offer-rebooking', appointmentId, { type: 'OfferRebooking', appointmentId, reason });
  reaction.scheduleTimer('rebooking-deadline', appointmentId, addMs(at, hours(reaction.policy.rebookingDeadlineHours)));
}

function isCurrentAppointment(reaction: Reaction, appointmentId: string): boolean {
  return reaction.state.phase === 'booked' && reaction.state.appointment?.appointmentId === appointmentId;
}

function maxTime(first: string, second: string): string {
  return Date.parse(first) >= Date.parse(second) ? first : second;
}
