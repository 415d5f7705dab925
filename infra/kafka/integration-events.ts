// Integration events: what other systems see of the event store on Kafka. Each payload is built
// from an explicit allow-list of fields for its event type, never by copying event data, so a field
// added to an event later stays off the topics until someone adds it here on purpose. Topics carry
// identifiers and codes only: no PHI, no free text, and no actor ids.

import type { StoredEvent } from '../event-store/event-store.port';

export const INTEGRATION_TOPICS = [
  'triage-events',
  'scheduling-events',
  'diagnostic-events',
  'transport-events',
  'monitoring-events',
  'alert-events',
] as const;

export type IntegrationTopic = (typeof INTEGRATION_TOPICS)[number];

/** The version of the envelope below; a consumer rejects versions it does not know. */
export const INTEGRATION_SCHEMA_VERSION = 1;

export type IntegrationValue = string | number | boolean | null | (string | number | boolean)[];

export interface IntegrationEvent {
  /** `ohip.integration/<type>`, so a consumer can pick its parser without reading the data. */
  schema: string;
  schemaVersion: number;
  eventId: string;
  /** When the event was stored, as an ISO instant. */
  occurredAt: string;
  /** The event's position in the store, as a decimal string (it does not fit in a JSON number). */
  globalPosition: string;
  journeyId: string | null;
  type: string;
  data: Record<string, IntegrationValue>;
}

/** A field copied to the payload: a name that is both source path and output key, or [outputKey, sourcePath]. */
type AllowedField = string | readonly [string, string];

interface IntegrationMapping {
  topic: IntegrationTopic;
  fields: readonly AllowedField[];
}

// The allow-list. An event type missing here is not published: patient demographics and clinical
// records (PatientRegistered and the FHIR import events), the provider directory and data-import
// events, and OfferDeadlineScheduled, which is the backfill process's own timer request. Fields
// left out on purpose: free-text reasons, actor ids (bookedBy, cancelledBy), driver names, the
// backfill queue and every path listed in the event's phiFields.
//
// NOTE: no stored event orders a test or an imaging study yet, so nothing is published on
// diagnostic-events. The relay still creates the topic, so consumers can subscribe to it today.
export const INTEGRATION_MAPPINGS: Readonly<Record<string, IntegrationMapping>> = {
  TriageStarted: {
    topic: 'triage-events',
    fields: ['sessionId', 'patientId', 'startedAt', 'locale', 'complaintId', 'complaintSource', 'classifierVersion'],
  },
  SymptomReported: { topic: 'triage-events', fields: ['sessionId', 'questionId', 'reportedAt'] },
  VitalSignsRecorded: { topic: 'triage-events', fields: ['sessionId', 'measuredAt', 'recordedAt'] },
  TriageAssessed: {
    topic: 'triage-events',
    fields: [
      'sessionId',
      'assessedAt',
      ['level', 'assessment.level'],
      ['rulesLevel', 'assessment.rulesLevel'],
      ['urgency', 'assessment.urgency'],
      ['action', 'assessment.action'],
      ['decidedBy', 'assessment.decidedBy'],
      ['ruleTableVersion', 'assessment.ruleTableVersion'],
      ['modelVersion', 'assessment.model.modelVersion'],
      ['suggestedTests', 'assessment.suggestedTests'],
    ],
  },
  RedFlagDetected: { topic: 'alert-events', fields: ['sessionId', 'ruleId', 'level', 'detectedAt'] },
  TriageEscalated: { topic: 'alert-events', fields: ['sessionId', 'escalatedAt', 'requestedBy', 'level'] },

  SlotOpened: {
    topic: 'scheduling-events',
    fields: ['slotId', 'providerId', 'facilityId', 'specialty', 'startsAt', 'endsAt', 'mode', 'demo', 'openedAt'],
  },
  SlotBooked: {
    topic: 'scheduling-events',
    fields: [
      'slotId',
      'bookingId',
      'patientId',
      'bookedAt',
      ['rescheduledFromSlotId', 'rescheduledFrom.slotId'],
      ['rescheduledFromBookingId', 'rescheduledFrom.bookingId'],
    ],
  },
  BookingCancelled: { topic: 'scheduling-events', fields: ['slotId', 'bookingId', 'patientId', 'cancelledAt', 'reason'] },
  SlotHeldForReschedule: {
    topic: 'scheduling-events',
    fields: ['slotId', 'holdId', 'patientId', 'fromSlotId', 'fromBookingId', 'heldAt'],
  },
  BookingRescheduled: {
    topic: 'scheduling-events',
    fields: ['slotId', 'bookingId', 'patientId', 'toSlotId', 'holdId', 'rescheduledAt'],
  },
  SlotHoldReleased: { topic: 'scheduling-events', fields: ['slotId', 'holdId', 'releasedAt', 'reason'] },
  SlotBlocked: { topic: 'scheduling-events', fields: ['slotId', 'blockedAt'] },
  PatientWaitlisted: { topic: 'scheduling-events', fields: ['entryId', 'patientId', 'specialty', 'urgency', 'joinedAt'] },
  WaitlistEntryWithdrawn: { topic: 'scheduling-events', fields: ['entryId', 'withdrawnAt'] },
  WaitlistEntryFulfilled: { topic: 'scheduling-events', fields: ['entryId', 'slotId', 'bookingId', 'fulfilledAt'] },
  BackfillStarted: { topic: 'scheduling-events', fields: ['backfillId', 'slotId', 'specialty', 'slotStartsAt', 'startedAt'] },
  SlotOffered: {
    topic: 'scheduling-events',
    fields: ['backfillId', 'offerId', 'slotId', 'entryId', 'patientId', 'offeredAt', 'respondBy'],
  },
  OfferDeclined: { topic: 'scheduling-events', fields: ['backfillId', 'offerId', 'declinedAt'] },
  OfferExpired: { topic: 'scheduling-events', fields: ['backfillId', 'offerId', 'expiredAt'] },
  OfferAccepted: {
    topic: 'scheduling-events',
    fields: ['backfillId', 'offerId', 'slotId', 'entryId', 'patientId', 'bookingId', 'acceptedAt'],
  },
  BackfillCompleted: { topic: 'scheduling-events', fields: ['backfillId', 'slotId', 'entryId', 'bookingId', 'completedAt'] },
  BackfillAbandoned: { topic: 'scheduling-events', fields: ['backfillId', 'slotId', 'reason', 'abandonedAt'] },

  RideRequested: { topic: 'transport-events', fields: ['rideId', 'journeyId', 'mode', 'pickupAt', 'requestedAt'] },
  RideBooked: { topic: 'transport-events', fields: ['rideId', 'partnerId', 'partnerReference', 'bookedAt'] },
  DriverAssigned: { topic: 'transport-events', fields: ['rideId', 'assignedAt'] },
  RideEtaUpdated: { topic: 'transport-events', fields: ['rideId', 'etaAt', 'updatedAt'] },
  RideArrived: { topic: 'transport-events', fields: ['rideId', 'arrivedAt'] },
  RideCompleted: { topic: 'transport-events', fields: ['rideId', 'completedAt'] },
  RideCancelled: { topic: 'transport-events', fields: ['rideId', 'cancelledAt'] },
  RideFailed: { topic: 'transport-events', fields: ['rideId', 'partnerId', 'failedAt'] },
  MedicationDeliveryRequested: { topic: 'transport-events', fields: ['deliveryId', 'journeyId', 'pharmacyId', 'requestedAt'] },
  MedicationDeliveryAccepted: { topic: 'transport-events', fields: ['deliveryId', 'readyBy', 'acceptedAt'] },
  MedicationDeliveryDispatched: { topic: 'transport-events', fields: ['deliveryId', 'dispatchedAt'] },
  MedicationDelivered: { topic: 'transport-events', fields: ['deliveryId', 'deliveredAt'] },
  MedicationDeliveryFailed: { topic: 'transport-events', fields: ['deliveryId', 'failedAt'] },
  MedicationDeliveryCancelled: { topic: 'transport-events', fields: ['deliveryId', 'cancelledAt'] },
  EquipmentOrdered: { topic: 'transport-events', fields: ['orderId', 'journeyId', 'supplierId', 'orderedAt'] },
  EquipmentOrderConfirmed: { topic: 'transport-events', fields: ['orderId', 'expectedBy', 'confirmedAt'] },
  EquipmentShipped: { topic: 'transport-events', fields: ['orderId', 'trackingReference', 'shippedAt'] },
  EquipmentDelivered: { topic: 'transport-events', fields: ['orderId', 'deliveredAt'] },
  EquipmentOrderCancelled: { topic: 'transport-events', fields: ['orderId', 'cancelledAt'] },

  // The monitored condition is left out: next to a patient id it is a diagnosis.
  CheckInScheduled: { topic: 'monitoring-events', fields: ['checkInId', 'patientId', 'dueAt', 'answerBy', 'scheduledAt'] },
  CheckInSent: { topic: 'monitoring-events', fields: ['checkInId', 'channel', 'sentAt'] },
  CheckInAnswered: { topic: 'monitoring-events', fields: ['checkInId', 'answeredAt', 'late'] },
  CheckInMissed: { topic: 'monitoring-events', fields: ['checkInId', 'missedAt'] },
  DoseConfirmed: { topic: 'monitoring-events', fields: ['doseId', 'scheduledFor', 'confirmedAt'] },
  DoseMissed: { topic: 'monitoring-events', fields: ['doseId', 'scheduledFor', 'recordedAt'] },
  EscalationRaised: {
    topic: 'alert-events',
    fields: ['escalationId', 'patientId', 'checkInId', 'ruleId', 'action', 'priority', 'raisedAt'],
  },
};

export interface RoutedIntegrationEvent {
  topic: IntegrationTopic;
  /**
   * The partition key: the journey id when the event has one, else its stream id.
   * NOTE: of the logistics events only the first of each ride, delivery or order carries a journey
   * id, so its later events may land on another partition and reach consumers before it.
   */
  key: string;
  event: IntegrationEvent;
}

/** Builds the integration event for a stored event, or returns null when its type is not published. */
export function toIntegrationEvent(stored: StoredEvent): RoutedIntegrationEvent | null {
  const mapping = INTEGRATION_MAPPINGS[stored.type];
  if (!mapping) {
    return null;
  }

  const data: Record<string, IntegrationValue> = {};
  for (const field of mapping.fields) {
    const [outputKey, sourcePath] = typeof field === 'string' ? [field, field] : field;
    const value = scalarAt(stored.data, sourcePath);
    if (value !== undefined) {
      data[outputKey] = value;
    }
  }

  const journeyId = scalarAt(stored.data, 'journeyId');
  const event: IntegrationEvent = {
    schema: `ohip.integration/${stored.type}`,
    schemaVersion: INTEGRATION_SCHEMA_VERSION,
    eventId: stored.eventId,
    occurredAt: stored.recordedAt.toISOString(),
    globalPosition: stored.globalPosition.toString(),
    journeyId: typeof journeyId === 'string' ? journeyId : null,
    type: stored.type,
    data,
  };
  return { topic: mapping.topic, key: event.journeyId ?? stored.streamId, event };
}

/** Returns the allowed source paths of a type, for the test that keeps them apart from its phiFields. */
export function allowedSourcePaths(type: string): string[] {
  return (INTEGRATION_MAPPINGS[type]?.fields ?? []).map((field) => (typeof field === 'string' ? field : field[1]));
}

/**
 * Returns the value at a dot path when it is a scalar or an array of scalars. Objects are never
 * copied whole, so PHI nested inside an allowed object cannot reach a topic.
 */
function scalarAt(data: unknown, path: string): IntegrationValue | undefined {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }

  if (current === null || typeof current === 'string' || typeof current === 'boolean') {
    return current;
  }
  if (typeof current === 'number') {
    return Number.isFinite(current) ? current : undefined;
  }
  if (Array.isArray(current) && current.every(isScalar)) {
    return current as (string | number | boolean)[];
  }
  return undefined;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
