import type { BookingCancelled, BookingRescheduled, SlotBooked } from '../../domain/scheduling';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// One row per appointment. An appointment keeps its id when it is rescheduled: the reschedule
// moves it out of its old slot (status 'rescheduling') and books it, with the same id, into the
// new slot (status 'booked' again, slot_id changed). Slot times and places are not copied here;
// queries join rm_slots.slots on slot_id. A batch is folded in memory and written with one upsert.

type AppointmentEvent = SlotBooked | BookingCancelled | BookingRescheduled;
const APPOINTMENT_EVENT_TYPES = new Set<string>(['SlotBooked', 'BookingCancelled', 'BookingRescheduled']);

export type AppointmentStatus = 'booked' | 'rescheduling' | 'cancelled';

export interface AppointmentRow {
  appointment_id: string;
  slot_id: string;
  patient_id: string;
  status: AppointmentStatus;
  booked_at: string;
  booked_by: string;
  previous_slot_id: string | null;
  reschedule_count: number;
  cancelled_at: string | null;
  cancel_reason: string | null;
  updated_at: string;
}

const COLUMNS: readonly [keyof AppointmentRow, string][] = [
  ['appointment_id', 'text'],
  ['slot_id', 'text'],
  ['patient_id', 'text'],
  ['status', 'text'],
  ['booked_at', 'timestamptz'],
  ['booked_by', 'text'],
  ['previous_slot_id', 'text'],
  ['reschedule_count', 'int4'],
  ['cancelled_at', 'timestamptz'],
  ['cancel_reason', 'text'],
  ['updated_at', 'timestamptz'],
];

export const appointmentsProjection: Projection = {
  name: 'appointments',
  version: 1,
  eventTypes: APPOINTMENT_EVENT_TYPES,
  tables: [{ name: 'appointments', orderBy: 'appointment_id' }],

  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.appointments where patient_id = $1`, [patientId]);
  },

  createTables: (schema) => `
    create table ${schema}.appointments (
      appointment_id text primary key,
      slot_id text not null,
      patient_id text not null,
      status text not null check (status in ('booked', 'rescheduling', 'cancelled')),
      booked_at timestamptz not null,
      booked_by text not null,
      previous_slot_id text,
      reschedule_count integer not null,
      cancelled_at timestamptz,
      cancel_reason text,
      updated_at timestamptz not null
    );
    create index on ${schema}.appointments (patient_id, booked_at desc);
    create index on ${schema}.appointments (slot_id);
    create index on ${schema}.appointments (booked_at);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    const appointmentEvents = events
      .filter((event) => APPOINTMENT_EVENT_TYPES.has(event.type))
      .map((event) => event as unknown as AppointmentEvent);
    if (appointmentEvents.length === 0) return;

    const rows = await loadAppointments(tx, schema, [...new Set(appointmentEvents.map((event) => event.data.bookingId))]);
    for (const event of appointmentEvents) {
      applyAppointmentEvent(rows, event);
    }
    await upsertAppointments(tx, schema, [...rows.values()]);
  },
};

function applyAppointmentEvent(rows: Map<string, AppointmentRow>, event: AppointmentEvent): void {
  const existing = rows.get(event.data.bookingId);
  switch (event.type) {
    case 'SlotBooked': {
      const { bookingId, slotId, patientId, bookedAt, bookedBy, rescheduledFrom } = event.data;
      if (existing && rescheduledFrom) {
        Object.assign(existing, {
          slot_id: slotId,
          status: 'booked',
          previous_slot_id: rescheduledFrom.slotId,
          reschedule_count: existing.reschedule_count + 1,
          updated_at: bookedAt,
        });
        return;
      }
      rows.set(bookingId, {
        appointment_id: bookingId,
        slot_id: slotId,
        patient_id: patientId,
        status: 'booked',
        booked_at: bookedAt,
        booked_by: bookedBy,
        previous_slot_id: rescheduledFrom?.slotId ?? null,
        reschedule_count: rescheduledFrom ? 1 : 0,
        cancelled_at: null,
        cancel_reason: null,
        updated_at: bookedAt,
      });
      return;
    }
    case 'BookingCancelled':
      if (existing) Object.assign(existing, { status: 'cancelled', cancelled_at: event.data.cancelledAt, cancel_reason: event.data.reason, updated_at: event.data.cancelledAt });
      return;
    case 'BookingRescheduled':
      if (existing) Object.assign(existing, { status: 'rescheduling', updated_at: event.data.rescheduledAt });
      return;
  }
}

async function loadAppointments(tx: SqlExecutor, schema: string, ids: string[]): Promise<Map<string, AppointmentRow>> {
  const { rows } = await tx.query<AppointmentRow>(`select * from ${schema}.appointments where appointment_id = any($1::text[])`, [ids]);
  return new Map(
    rows.map((row) => [
      row.appointment_id,
      {
        ...row,
        booked_at: iso(row.booked_at)!,
        cancelled_at: iso(row.cancelled_at),
        updated_at: iso(row.updated_at)!,
      },
    ]),
  );
}

async function upsertAppointments(tx: SqlExecutor, schema: string, rows: AppointmentRow[]): Promise<void> {
  const names = COLUMNS.map(([name]) => name);
  const updates = names.filter((name) => name !== 'appointment_id').map((name) => `${name} = excluded.${name}`);
  await tx.query(
    `insert into ${schema}.appointments (${names.join(', ')})
     select * from unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})
     on conflict (appointment_id) do update set ${updates.join(', ')}`,
    COLUMNS.map(([name]) => rows.map((row) => row[name])),
  );
}

function iso(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string | Date).toISOString();
}
