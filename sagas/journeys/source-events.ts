// Maps the stored events of triage, scheduling, logistics, monitoring and this context's own
// inputs to the JourneyEvent the process manager observes, with the journey they belong to.
// Returns undefined for an event that belongs to no journey.

import type { AppointmentAttendanceRecorded, EmergencyVisitRecorded, JourneyEvent, TransportNeedsRecorded } from '../../domain/journeys';
import { journeyInputsStreamId } from '../../domain/journeys';
import type { RideBooked, RideCompleted, RideFailed } from '../../domain/logistics';
import type { CheckInAnswered, EscalationRaised } from '../../domain/monitoring/check-in-events';
import { slotStreamName, type BookingCancelled, type SlotBooked, type SlotOpened } from '../../domain/scheduling';
import type { TriageAssessed, TriageStarted } from '../../domain/triage';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import { ambulanceRideId, journeyOfRide, type JourneyLinks } from './journey-links';

export const JOURNEY_SOURCE_TYPES = new Set([
  'TriageAssessed',
  'TransportNeedsRecorded',
  'SlotBooked',
  'BookingCancelled',
  'AppointmentAttendanceRecorded',
  'EmergencyVisitRecorded',
  'RideBooked',
  'RideFailed',
  'RideCompleted',
  'CheckInAnswered',
  'EscalationRaised',
]);

export class SourceEventMapper {
  constructor(
    private readonly store: EventStore,
    private readonly links: JourneyLinks,
  ) {}

  /** `owned` filters journeys early, so a partition skips the reads for another partition's journey. */
  async map(stored: StoredEvent, owned: (journeyId: string) => boolean = () => true): Promise<JourneyEvent | undefined> {
    const event = upcastStoredEvent(stored);
    switch (event.type) {
      case 'TriageAssessed':
        return this.triageAssessed(event.data as TriageAssessed['data']);
      case 'TransportNeedsRecorded': {
        const data = event.data as TransportNeedsRecorded['data'];
        return { type: 'TransportRequested', data: { journeyId: data.journeyId, requestedAt: data.recordedAt } };
      }
      case 'SlotBooked':
        return this.slotBooked(event.data as SlotBooked['data'], owned);
      case 'BookingCancelled':
        return this.bookingCancelled(event.data as BookingCancelled['data']);
      case 'AppointmentAttendanceRecorded':
        return attendance(event.data as AppointmentAttendanceRecorded['data']);
      case 'EmergencyVisitRecorded':
        return emergencyVisit(event.data as EmergencyVisitRecorded['data']);
      case 'RideBooked':
      case 'RideFailed':
      case 'RideCompleted':
        return ride(event as unknown as RideBooked | RideFailed | RideCompleted);
      case 'CheckInAnswered': {
        const data = event.data as CheckInAnswered['data'];
        const journeyId = data.journeyId ?? (await this.links.openJourneyOf(data.patientId));
        return journeyId ? { type: 'CheckInAnswered', data: { journeyId, checkInId: data.checkInId, answeredAt: data.answeredAt } } : undefined;
      }
      case 'EscalationRaised': {
        const data = event.data as EscalationRaised['data'];
        const journeyId = data.journeyId ?? (await this.links.openJourneyOf(data.patientId));
        if (!journeyId) return undefined;
        return { type: 'EscalationRaised', data: { journeyId, escalationId: data.escalationId, action: data.action, priority: data.priority, raisedAt: data.raisedAt } };
      }
      default:
        return undefined;
    }
  }

  // The triage session is the journey: its id is the journey id. Transport recorded before the
  // assessment is read here, because the journey does not exist yet when that event passes.
  private async triageAssessed(data: TriageAssessed['data']): Promise<JourneyEvent | undefined> {
    const session = await this.store.readStream(`triage-session-${data.sessionId}`, { maxCount: 1 });
    const started = session[0] ? (upcastStoredEvent(session[0]).data as TriageStarted['data']) : undefined;
    if (!started) return undefined;

    const inputs = await this.store.readStream(journeyInputsStreamId(data.sessionId));
    const needsTransport = inputs.some((input) => input.type === 'TransportNeedsRecorded');
    return {
      type: 'TriageAssessed',
      data: {
        journeyId: data.sessionId,
        patientId: started.patientId,
        acuity: acuityOf(data.assessment.urgency),
        needsTransport,
        receivingFacilityId: null,
        assessedAt: data.assessedAt,
      },
    };
  }

  private async slotBooked(data: SlotBooked['data'], owned: (journeyId: string) => boolean): Promise<JourneyEvent | undefined> {
    const journeyId = await this.links.openJourneyOf(data.patientId);
    if (!journeyId || !owned(journeyId)) return undefined;
    const opened = await this.store.readStream(slotStreamName(data.slotId), { maxCount: 1 });
    const slot = opened[0]?.type === 'SlotOpened' ? (upcastStoredEvent(opened[0]).data as SlotOpened['data']) : undefined;
    if (!slot) return undefined;
    return {
      type: 'AppointmentBooked',
      data: { journeyId, appointmentId: data.bookingId, providerId: slot.providerId, startsAt: slot.startsAt, bookedAt: data.bookedAt },
    };
  }

  private async bookingCancelled(data: BookingCancelled['data']): Promise<JourneyEvent | undefined> {
    // A reschedule moves the booking rather than ending it.
    if (data.reason === 'reschedule-compensation') return undefined;
    const journeyId = await this.links.openJourneyOf(data.patientId);
    if (!journeyId) return undefined;
    const cancelledBy = data.reason === 'provider-unavailable' ? 'provider' : 'patient';
    return { type: 'AppointmentCancelled', data: { journeyId, appointmentId: data.bookingId, cancelledBy, cancelledAt: data.cancelledAt } };
  }
}

function attendance(data: AppointmentAttendanceRecorded['data']): JourneyEvent {
  const { journeyId, appointmentId, recordedAt } = data;
  return data.attended
    ? { type: 'AppointmentAttended', data: { journeyId, appointmentId, attendedAt: recordedAt } }
    : { type: 'AppointmentMissed', data: { journeyId, appointmentId, recordedAt } };
}

function emergencyVisit(data: EmergencyVisitRecorded['data']): JourneyEvent {
  const { journeyId, facilityId, recordedAt } = data;
  return data.outcome === 'handed-over'
    ? { type: 'PatientHandedOver', data: { journeyId, facilityId, handedOverAt: recordedAt } }
    : { type: 'EmergencyVisitEnded', data: { journeyId, disposition: data.outcome, endedAt: recordedAt } };
}

// The ambulance's arrival at the emergency department is the handover; its other updates are
// tracking only. Every other ride belongs to the booking path.
function ride(event: RideBooked | RideFailed | RideCompleted): JourneyEvent | undefined {
  const journeyId = journeyOfRide(event.data.rideId);
  if (!journeyId) return undefined;
  if (event.data.rideId === ambulanceRideId(journeyId)) {
    return event.type === 'RideCompleted'
      ? { type: 'PatientHandedOver', data: { journeyId, facilityId: 'ambulance-destination', handedOverAt: event.data.completedAt } }
      : undefined;
  }
  switch (event.type) {
    case 'RideBooked':
      return { type: 'RideBooked', data: { journeyId, rideId: event.data.rideId, partnerId: event.data.partnerId, bookedAt: event.data.bookedAt } };
    case 'RideFailed':
      return { type: 'RideFailed', data: { journeyId, rideId: event.data.rideId, partnerId: event.data.partnerId, reason: event.data.reason, failedAt: event.data.failedAt } };
    case 'RideCompleted':
      return { type: 'RideCompleted', data: { journeyId, rideId: event.data.rideId, completedAt: event.data.completedAt } };
  }
}

/** Maps the triage urgency class to the journey's acuity; non-urgent needs take the routine path. */
function acuityOf(urgency: TriageAssessed['data']['assessment']['urgency']): 'critical' | 'urgent' | 'routine' {
  if (urgency === 'critical') return 'critical';
  if (urgency === 'urgent') return 'urgent';
  return 'routine';
}
