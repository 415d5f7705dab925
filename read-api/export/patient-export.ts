import type { ConditionRecordedData, ObservationRecordedData, PatientRegisteredData } from '../../domain/patients/patient-events';
import type { StoredEvent } from '../../infra/event-store/event-store.port';

// A patient's own record as a FHIR R4 Bundle of type collection, built from their events: the
// Patient, their Conditions and Observations, an Encounter per triage session with an Observation
// of its CTAS level, and an Appointment per booking. Their consent directives come from the
// consent read model, already as FHIR Consent resources.

export type FhirResource = Record<string, unknown> & { resourceType: string; id: string };

export function exportBundle(patientId: string, events: StoredEvent[], consents: FhirResource[], exportedAt: string) {
  const resources: FhirResource[] = [];
  const appointments = new Map<string, FhirResource>();

  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'PatientRegistered':
        resources.push(patientResource(data as unknown as PatientRegisteredData));
        break;
      case 'ConditionRecorded':
        resources.push(conditionResource(data as unknown as ConditionRecordedData));
        break;
      case 'ObservationRecorded':
        resources.push(observationResource(data as unknown as ObservationRecordedData));
        break;
      case 'TriageStarted':
        resources.push(encounterResource(patientId, data));
        break;
      case 'TriageAssessed':
        resources.push(triageLevelResource(patientId, data));
        break;
      case 'SlotBooked':
        appointments.set(String(data.bookingId), appointmentResource(patientId, data));
        break;
      case 'BookingCancelled': {
        const booked = appointments.get(String(data.bookingId));
        if (booked) booked.status = 'cancelled';
        break;
      }
    }
  }
  resources.push(...appointments.values(), ...consents);

  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: exportedAt,
    entry: resources.map((resource) => ({ fullUrl: `urn:ohip-forward:${resource.resourceType}/${resource.id}`, resource })),
  };
}

function patientResource(data: PatientRegisteredData): FhirResource {
  return {
    resourceType: 'Patient',
    id: data.patientId,
    identifier: [{ system: data.sourceSystem, value: data.sourceId }],
    name: [{ family: data.name.family, given: data.name.given, prefix: data.name.prefix }],
    gender: data.gender,
    birthDate: data.birthDate,
    ...(data.deceasedAt ? { deceasedDateTime: data.deceasedAt } : {}),
    ...(data.address ? { address: [data.address] } : {}),
    ...(data.phone ? { telecom: [{ system: 'phone', value: data.phone }] } : {}),
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: data.preferredLanguage }] } }],
  };
}

function conditionResource(data: ConditionRecordedData): FhirResource {
  return {
    resourceType: 'Condition',
    id: data.conditionId,
    subject: { reference: `Patient/${data.patientId}` },
    code: { coding: [data.code] },
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: data.clinicalStatus }] },
    ...(data.onsetAt ? { onsetDateTime: data.onsetAt } : {}),
    ...(data.abatedAt ? { abatementDateTime: data.abatedAt } : {}),
  };
}

function observationResource(data: ObservationRecordedData): FhirResource {
  return {
    resourceType: 'Observation',
    id: data.observationId,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: data.category }] }],
    subject: { reference: `Patient/${data.patientId}` },
    code: { coding: [data.code] },
    effectiveDateTime: data.effectiveAt,
    ...(data.value.quantity !== null ? { valueQuantity: { value: data.value.quantity, unit: data.value.unit } } : {}),
    ...(data.value.text !== null ? { valueString: data.value.text } : {}),
  };
}

function encounterResource(patientId: string, data: Record<string, unknown>): FhirResource {
  return {
    resourceType: 'Encounter',
    id: `triage-${String(data.sessionId)}`,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
    subject: { reference: `Patient/${patientId}` },
    period: { start: data.startedAt },
    reasonCode: [{ coding: [{ system: 'urn:ohip-forward:complaint', code: data.complaintId }], text: data.complaintText ?? undefined }],
  };
}

function triageLevelResource(patientId: string, data: Record<string, unknown>): FhirResource {
  const assessment = data.assessment as { level?: number; urgency?: string } | undefined;
  return {
    resourceType: 'Observation',
    id: `triage-${String(data.sessionId)}-ctas`,
    status: 'final',
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/triage-${String(data.sessionId)}` },
    code: { text: 'Canadian Triage and Acuity Scale level' },
    effectiveDateTime: data.assessedAt,
    valueInteger: assessment?.level,
  };
}

function appointmentResource(patientId: string, data: Record<string, unknown>): FhirResource {
  return {
    resourceType: 'Appointment',
    id: String(data.bookingId),
    status: 'booked',
    created: data.bookedAt,
    ...(typeof data.visitReason === 'string' ? { description: data.visitReason } : {}),
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
    supportingInformation: [{ reference: `Slot/${String(data.slotId)}` }],
  };
}
