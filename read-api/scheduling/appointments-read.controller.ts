import { Controller, Get, Inject, Optional, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { findSlots, URGENCY_POLICIES, type RankedSlot } from '../../domain/scheduling';
import { NotFoundError } from '../../domain/shared/errors';
import { AVAILABILITY_CACHE } from '../../infra/cache/cache-tokens';
import type { AvailabilityCache } from '../../infra/cache/availability-cache';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { loadCandidateSlots, type CandidateQuery } from '../../projections/scheduling/candidate-slots';
import { patientIdParam, schedulingId } from '../../write-api/scheduling/scheduling-schemas';
import { availabilityQuery, preferencesOf, type AvailabilityQuery } from './availability-query';
import { patientFromQuery, patientFromRecord } from '../../infra/auth/patient-from';
import { appointmentPatient } from '../../infra/auth/patient-resolvers';
import { PhiRoute } from '../../infra/auth/phi-route';
import { Roles } from '../../infra/auth/route-access';

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
  constructor(
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
    // The Redis availability cache when OHIP_REDIS_CACHES=true; null reads the slots read model directly.
    @Optional() @Inject(AVAILABILITY_CACHE) private readonly availabilityCache: AvailabilityCache | null = null,
  ) {}

  /**
   * Ranks the open slots for a patient and explains each score. A critical urgency returns 200
   * with emergency-care advice and no slots, because the request was valid and the right response
   * is "go to an emergency department", which a client should show, not treat as an error.
   */
  @Roles('patient', 'provider', 'admin', 'analyst')
  @Get('availability')
  async availability(@Query(new ZodValidationPipe(availabilityQuery)) query: AvailabilityQuery) {
    const now = new Date();
    const policy = URGENCY_POLICIES[query.urgency];
    const origin = { lat: query.lat, lng: query.lng };
    const candidates =
      policy.kind === 'emergency-care'
        ? []
        : await this.loadCandidates({
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

  private loadCandidates(query: CandidateQuery) {
    return this.availabilityCache ? this.availabilityCache.loadCandidateSlots(query) : loadCandidateSlots(this.sql, query);
  }

  @PhiRoute({ resource: 'Appointment', patientFrom: patientFromQuery('patientId') })
  @Get()
  async listForPatient(@Query(new ZodValidationPipe(patientQuery)) query: z.infer<typeof patientQuery>) {
    const { rows } = await this.sql.query<AppointmentRow>(`${APPOINTMENT_SELECT} where a.patient_id = $1 order by s.starts_at desc nulls last limit 100`, [query.patientId]);
    return { items: rows.map(toAppointment) };
  }

  @PhiRoute({ resource: 'Appointment', patientFrom: patientFromRecord, resolvePatient: appointmentPatient })
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
