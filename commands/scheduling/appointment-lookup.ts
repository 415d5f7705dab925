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
 * NOTE: an appointment booked a moment ago is found only once the appointments projection has
 * applied the booking; a client that books and cancels at once should book with
 * ?waitFor=appointments, or it gets a 404 for its fresh appointment.
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
