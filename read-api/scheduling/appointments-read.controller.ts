import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { findSlots, URGENCY_POLICIES, type RankedSlot } from '../../domain/scheduling';
import { NotFoundError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { loadCandidateSlots } from '../../projections/scheduling/candidate-slots';
import { patientIdParam, schedulingId } from '../../write-api/scheduling/scheduling-schemas';
import { availabilityQuery, preferencesOf, type AvailabilityQuery } from './availability-query';

// NOTE: the appointment routes return who booked what, and nothing checks the caller or records
// the access yet, so any caller that reaches the port can read every appointment.

const patientQuery = z.object({ patientId: patientIdParam }).strict();

interface AppointmentRow {
  appointment_id: string;
  slot_id: string;
  patient_id: string;
  status: string;
  booked_at: Date;
  previous_slot_id: string | null;
  reschedule_count: number;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  provider_id: string | null;
  facility_id: string | null;
  specialty: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  mode: string | null;
}

const APPOINTMENT_SELECT = `
  select a.appointment_id, a.slot_id, a.patient_id, a.status, a.booked_at, a.previous_slot_id, a.reschedule_count,
         a.cancelled_at, a.cancel_reason, s.provider_id, s.facility_id, s.specialty, s.starts_at, s.ends_at, s.mode
  from rm_appointments.appointments a left join rm_slots.slots s on s.slot_id = a.slot_id`;

@Controller('api/v1/appointments')
export class AppointmentsReadController {
  constructor(@Inject(READ_MODEL_SQL) private readonly sql: SqlClient) {}

  /**
   * Ranks the open slots for a patient and explains each score. A critical urgency returns 200
   * with emergency-care advice and no slots, because the request was valid and the right response
   * is "go to an emergency department", which a client should show, not treat as an error.
   */
  @Get('availability')
  async availability(@Query(new ZodValidationPipe(availabilityQuery)) query: AvailabilityQuery) {
    const now = new Date();
    const policy = URGENCY_POLICIES[query.urgency];
    const origin = { lat: query.lat, lng: query.lng };
    const candidates =
      policy.kind === 'emergency-care'
        ? []
        : await loadCandidateSlots(this.sql, {
            specialty: query.specialty,
            startsAfter: now.toISOString(),
            startsBefore: new Date(now.getTime() + policy.windowMs).toISOString(),
            near: { origin, radiusKm: query.radiusKm },
          });

    const result = findSlots(
      {
        specialty: query.specialty,
        urgency: query.urgency,
        origin,
        maxDistanceKm: query.radiusKm,
        now: now.toISOString(),
        preferences: preferencesOf(query),
        ...(query.weights ? { weights: query.weights } : {}),
      },
      candidates,
    );
    return result.outcome === 'emergency-care' ? result : { ...result, slots: result.slots.map(toRankedSlot) };
  }

  @Get()
  async listForPatient(@Query(new ZodValidationPipe(patientQuery)) query: z.infer<typeof patientQuery>) {
    const { rows } = await this.sql.query<AppointmentRow>(`${APPOINTMENT_SELECT} where a.patient_id = $1 order by s.starts_at desc nulls last limit 100`, [query.patientId]);
    return { items: rows.map(toAppointment) };
  }

  @Get(':appointmentId')
  async get(@Param('appointmentId', new ZodValidationPipe(schedulingId)) appointmentId: string) {
    const { rows } = await this.sql.query<AppointmentRow>(`${APPOINTMENT_SELECT} where a.appointment_id = $1`, [appointmentId]);
    if (!rows[0]) {
      throw new NotFoundError(`appointment ${appointmentId} was not found`);
    }
    return toAppointment(rows[0]);
  }
}

function toRankedSlot(ranked: RankedSlot) {
  const { slot } = ranked;
  return {
    slotId: slot.slotId,
    providerId: slot.providerId,
    facilityId: slot.facilityId,
    facilityName: slot.facilityName,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    mode: slot.mode,
    demo: slot.demo,
    score: round(ranked.score),
    distanceKm: ranked.distanceKm === null ? null : round(ranked.distanceKm),
    components: ranked.components.map((component) => ({ ...component, value: round(component.value), weight: round(component.weight), contribution: round(component.contribution) })),
  };
}

function toAppointment(row: AppointmentRow) {
  return {
    appointmentId: row.appointment_id,
    slotId: row.slot_id,
    patientId: row.patient_id,
    status: row.status,
    bookedAt: row.booked_at,
    providerId: row.provider_id,
    facilityId: row.facility_id,
    specialty: row.specialty,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    mode: row.mode,
    previousSlotId: row.previous_slot_id,
    rescheduleCount: row.reschedule_count,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
