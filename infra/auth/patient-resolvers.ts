import type { Request } from 'express';

import type { PatientLookup } from './phi-route';

// @PhiRoute resolvePatient functions for routes that name a record by its own id.

/** Finds the patient of the appointment in the :appointmentId path parameter in the appointments read model. */
export async function appointmentPatient(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  const appointmentId = request.params.appointmentId;
  if (typeof appointmentId !== 'string' || appointmentId === '') return undefined;
  const { rows } = await lookup.sql.query<{ patient_id: string }>('select patient_id from rm_appointments.appointments where appointment_id = $1', [appointmentId]);
  return rows[0]?.patient_id;
}

/** Finds the patient of the triage session in the :sessionId path parameter from the session's first event. */
export function triageSessionPatient(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  return patientOfTriageSession(request.params.sessionId, lookup);
}

/**
 * Finds the patient of the triage session named by the body's sessionId, for the respond and
 * escalate routes. A session started without a patient names an anonymous one, which no
 * patient or provider holds, so only break-glass opens it.
 */
export function triageSessionPatientFromBody(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  return patientOfTriageSession((request.body as { sessionId?: unknown } | undefined)?.sessionId, lookup);
}

async function patientOfTriageSession(sessionId: unknown, lookup: PatientLookup): Promise<string | undefined> {
  if (typeof sessionId !== 'string' || !/^[0-9a-fA-F-]{36}$/.test(sessionId)) return undefined;
  const [started] = await lookup.store.readStream(`triage-session-${sessionId}`, { maxCount: 1 });
  const patientId = (started?.data as { patientId?: unknown } | undefined)?.patientId;
  return typeof patientId === 'string' ? patientId : undefined;
}
