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
export async function triageSessionPatient(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  const sessionId = request.params.sessionId;
  if (typeof sessionId !== 'string' || !/^[0-9a-fA-F-]{36}$/.test(sessionId)) return undefined;
  const [started] = await lookup.store.readStream(`triage-session-${sessionId}`, { maxCount: 1 });
  const patientId = (started?.data as { patientId?: unknown } | undefined)?.patientId;
  return typeof patientId === 'string' ? patientId : undefined;
}
