import type { PortalAlert } from '../../domain/portal/alerts';
import type { SqlClient } from '../../infra/sql/sql-client';

// The provider portal's reads. Whether a patient is in a provider's care comes from the same
// care-relationship read model the access guard decides by.

export interface ScheduledVisit {
  appointmentId: string;
  patientId: string;
  status: string;
  startsAt: string;
  endsAt: string;
  mode: string;
  facilityId: string;
}

export async function scheduleForDay(sql: SqlClient, providerId: string, dayStart: string, dayEnd: string): Promise<ScheduledVisit[]> {
  const { rows } = await sql.query<{ appointment_id: string; patient_id: string; status: string; starts_at: Date; ends_at: Date; mode: string; facility_id: string }>(
    `select a.appointment_id, a.patient_id, a.status, s.starts_at, s.ends_at, s.mode, s.facility_id
       from rm_slots.slots s join rm_appointments.appointments a on a.slot_id = s.slot_id
      where s.provider_id = $1 and s.starts_at >= $2 and s.starts_at < $3
      order by s.starts_at, a.appointment_id`,
    [providerId, dayStart, dayEnd],
  );
  return rows.map((row) => ({
    appointmentId: row.appointment_id,
    patientId: row.patient_id,
    status: row.status,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    mode: row.mode,
    facilityId: row.facility_id,
  }));
}

export interface AlertRow extends PortalAlert {
  acknowledgedAt: string | null;
  position: string;
}

export async function alertsForProvider(sql: SqlClient, providerId: string, limit = 100): Promise<AlertRow[]> {
  const { rows } = await sql.query<{ alert_id: string; kind: PortalAlert['kind']; patient_id: string; code: string; priority: PortalAlert['priority']; raised_at: Date; acknowledged_at: Date | null; position: string }>(
    `select al.alert_id, al.kind, al.patient_id, al.code, al.priority, al.raised_at, ack.acknowledged_at, al.position::text as position
       from rm_portal.alerts al
       left join rm_portal.acknowledgements ack on ack.alert_id = al.alert_id and ack.provider_id = $1
      where al.patient_id in (select patient_id from rm_care_relationships.relationships where provider_id = $1 and active)
      order by al.raised_at desc, al.alert_id
      limit $2`,
    [providerId, limit],
  );
  return rows.map((row) => ({
    alertId: row.alert_id,
    kind: row.kind,
    patientId: row.patient_id,
    code: row.code,
    priority: row.priority,
    raisedAt: new Date(row.raised_at).toISOString(),
    acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    position: row.position,
  }));
}

export async function alertById(sql: SqlClient, alertId: string): Promise<{ patientId: string } | null> {
  const { rows } = await sql.query<{ patient_id: string }>(`select patient_id from rm_portal.alerts where alert_id = $1`, [alertId]);
  return rows[0] ? { patientId: rows[0].patient_id } : null;
}
