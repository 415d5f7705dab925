import type { StoredEvent } from '../event-store/event-store.port';

// One sentence per event of a patient's journey, for the auditor's timeline. The sentences use
// ids and codes only, never PHI values; the auditor gets those separately, decrypted.

type Summarize = (data: Record<string, unknown>) => string;

const summaries: Record<string, Summarize> = {
  PatientRegistered: (data) => `Patient registered from ${String(data.sourceSystem)}`,
  ConditionRecorded: (data) => `Condition ${codeOf(data.code)} recorded as ${String(data.clinicalStatus)}`,
  ObservationRecorded: (data) => `Observation ${codeOf(data.code)} recorded in category ${String(data.category)}`,
  TriageStarted: (data) => `Triage session ${String(data.sessionId)} started for complaint ${String(data.complaintId)}`,
  SymptomReported: (data) => `Question ${String(data.questionId)} answered`,
  VitalSignsRecorded: () => 'Vital signs recorded',
  RedFlagDetected: (data) => `Red flag ${String(data.ruleId)} detected at CTAS level ${String(data.level)}`,
  TriageAssessed: (data) => `Triage assessed at CTAS level ${String((data.assessment as { level?: unknown } | undefined)?.level)}`,
  TriageEscalated: (data) => `Triage escalated by the ${String(data.requestedBy)}`,
  SlotBooked: (data) => `Appointment booked in slot ${String(data.slotId)}`,
  BookingCancelled: (data) => `Booking in slot ${String(data.slotId)} cancelled`,
  BookingRescheduled: (data) => `Booking moved to slot ${String(data.slotId)}`,
  PatientWaitlisted: (data) => `Waitlisted for ${String(data.specialty)}`,
  WaitlistEntryWithdrawn: () => 'Waitlist entry withdrawn',
  WaitlistEntryFulfilled: () => 'Waitlist entry fulfilled',
  PatientErased: (data) => `Patient's PHI erased at the request of a ${String(data.requestedByRole)}`,
};

export function summarize(event: StoredEvent): string {
  const summary = summaries[event.type];
  if (summary && typeof event.data === 'object' && event.data !== null) {
    return summary(event.data as Record<string, unknown>);
  }
  return sentenceFromType(event.type);
}

function codeOf(code: unknown): string {
  const concept = code as { system?: unknown; code?: unknown } | undefined;
  return concept ? `${String(concept.code)}` : 'with no code';
}

/** "MedicationDeliveryRequested" becomes "Medication delivery requested". */
function sentenceFromType(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
