// Events the care-journey process manager observes and commands it issues. The observed events
// are this context's own copy of triage, scheduling, logistics and monitoring events, so it never
// imports their internals. The runner maps each source event to this shape.

export type Acuity = 'critical' | 'urgent' | 'routine';
export type CancelledBy = 'patient' | 'provider';
export type TaskPriority = 'critical' | 'high' | 'medium' | 'low';

export type TimerPurpose =
  | 'handover-check'
  | 'booking-deadline'
  | 'ride-retry'
  | 'attendance-check'
  | 'rebooking-deadline'
  | 'follow-up-review';

export type JourneyEvent =
  | {
      type: 'TriageAssessed';
      data: { journeyId: string; patientId: string; acuity: Acuity; needsTransport: boolean; receivingFacilityId: string | null; assessedAt: string };
    }
  | { type: 'PatientHandedOver'; data: { journeyId: string; facilityId: string; handedOverAt: string } }
  | { type: 'EmergencyVisitEnded'; data: { journeyId: string; disposition: 'admitted' | 'discharged'; endedAt: string } }
  | { type: 'AppointmentBooked'; data: { journeyId: string; appointmentId: string; providerId: string; startsAt: string; bookedAt: string } }
  | { type: 'AppointmentCancelled'; data: { journeyId: string; appointmentId: string; cancelledBy: CancelledBy; cancelledAt: string } }
  | { type: 'AppointmentAttended'; data: { journeyId: string; appointmentId: string; attendedAt: string } }
  | { type: 'AppointmentMissed'; data: { journeyId: string; appointmentId: string; recordedAt: string } }
  | { type: 'TransportRequested'; data: { journeyId: string; requestedAt: string } }
  | { type: 'RideBooked'; data: { journeyId: string; rideId: string; partnerId: string; bookedAt: string } }
  | { type: 'RideFailed'; data: { journeyId: string; rideId: string; partnerId: string; reason: string; failedAt: string } }
  | { type: 'RideCompleted'; data: { journeyId: string; rideId: string; completedAt: string } }
  | { type: 'CheckInAnswered'; data: { journeyId: string; checkInId: string; answeredAt: string } }
  | { type: 'EscalationRaised'; data: { journeyId: string; escalationId: string; action: string; priority: TaskPriority; raisedAt: string } }
  | { type: 'TimerFired'; data: { journeyId: string; timerId: string; firedAt: string } };

/** Every command carries a deterministic id, so the command bus can drop a repeat. */
interface Issued {
  commandId: string;
  journeyId: string;
}

export type CoordinatorTaskReason =
  | 'ambulance-handover-overdue'
  | 'booking-overdue'
  | 'transport-unavailable'
  | 'attendance-unconfirmed'
  | 'repeated-missed-appointments'
  | 'escalation';

export type JourneyOutcome = 'completed' | 'completed-after-emergency' | 'admitted' | 'lost-to-follow-up';

export type JourneyCommand =
  | (Issued & { type: 'RequestAmbulance'; patientId: string; requestedAt: string })
  | (Issued & { type: 'NotifyEmergencyDepartment'; facilityId: string | null; patientId: string; notifiedAt: string })
  | (Issued & { type: 'OfferProviderOptions'; patientId: string; acuity: Acuity })
  | (Issued & { type: 'ArrangeTransport'; appointmentId: string; rideId: string; partnerId: string; arriveBy: string })
  | (Issued & { type: 'RetryRideWithBackoff'; appointmentId: string; rideId: string; partnerId: string; attempt: number; backoffMs: number; arriveBy: string })
  | (Issued & { type: 'TryNextPartner'; appointmentId: string; rideId: string; partnerId: string; arriveBy: string })
  | (Issued & { type: 'CancelRide'; rideId: string; reason: string })
  | (Issued & { type: 'ScheduleReminder'; appointmentId: string; remindAt: string })
  | (Issued & { type: 'CancelReminder'; appointmentId: string })
  | (Issued & { type: 'CreateCoordinatorTask'; reason: CoordinatorTaskReason; priority: TaskPriority; detail: string })
  | (Issued & { type: 'NotifyCareTeam'; escalationId: string; action: string; priority: TaskPriority })
  | (Issued & { type: 'OfferRebooking'; appointmentId: string; reason: 'cancelled-by-provider' | 'cancelled-by-patient' | 'missed' })
  | (Issued & { type: 'StartFollowUpPlan'; patientId: string; after: 'appointment' | 'emergency-discharge' })
  | (Issued & { type: 'ScheduleTimer'; timerId: string; purpose: TimerPurpose; dueAt: string })
  | (Issued & { type: 'CancelTimer'; timerId: string })
  | (Issued & { type: 'CloseJourney'; outcome: JourneyOutcome; score: number; closedAt: string });
