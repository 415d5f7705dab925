import { NotFoundError } from '../../domain/shared/errors';
import type { SqlExecutor } from '../../infra/sql/sql-client';

export interface AppointmentLocation {
  appointmentId: string;
  slotId: string;
  patientId: string;
  status: 'booked' | 'rescheduling' | 'cancelled';
}

/**
 * Finds the slot an appointment is in from rm_appointments. The slot stream decides; this only
 * routes the command to it.
 * The booking endpoint answers only once the appointments projection shows the booking, so an id
 * it returned is always found here. NOTE: an appointment booked through another process and acted
 * on within moments can still get a 404 until this process's projection has applied it.
 */
export async function locateAppointment(sql: SqlExecutor, appointmentId: string): Promise<AppointmentLocation> {
  const { rows } = await sql.query<{ appointment_id: string; slot_id: string; patient_id: string; status: AppointmentLocation['status'] }>(
    'select appointment_id, slot_id, patient_id, status from rm_appointments.appointments where appointment_id = $1',
    [appointmentId],
  );
  const row = rows[0];
  if (!row) {
    throw new NotFoundError(`appointment ${appointmentId} was not found; check the id, or retry once the booking has been processed`);
  }
  return { appointmentId: row.appointment_id, slotId: row.slot_id, patientId: row.patient_id, status: row.status };
}
