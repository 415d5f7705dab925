import type { BookingCancelled, SlotBooked, SlotOpened } from '../../domain/scheduling';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// Which provider cares for which patient, for the access guard. A relationship is an appointment
// booked with the provider that was not cancelled. A rescheduled appointment keeps its id and
// moves to the new slot's provider. The provider of a slot comes from SlotOpened, kept here so the
// projection does not read another projection's tables.
//
// NOTE: referrals and triage hand-offs are not events yet, so a provider who receives a referral
// has no relationship until an appointment with them is booked; until then they need break-glass.

type CareEvent = SlotOpened | SlotBooked | BookingCancelled;
const CARE_EVENT_TYPES = new Set<string>(['SlotOpened', 'SlotBooked', 'BookingCancelled']);

export const careRelationshipsProjection: Projection = {
  name: 'care_relationships',
  version: 1,
  eventTypes: CARE_EVENT_TYPES,
  tables: [
    { name: 'slot_providers', orderBy: 'slot_id' },
    { name: 'relationships', orderBy: 'appointment_id' },
  ],

  createTables: (schema) => `
    create table ${schema}.slot_providers (
      slot_id text primary key,
      provider_id text not null
    );
    create table ${schema}.relationships (
      appointment_id text primary key,
      patient_id text not null,
      provider_id text not null,
      source text not null,
      active boolean not null,
      since timestamptz not null,
      ended_at timestamptz
    );
  `,

  createIndexes: (schema) => `create index on ${schema}.relationships (provider_id, patient_id) where active;`,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    for (const stored of events) {
      if (!CARE_EVENT_TYPES.has(stored.type)) continue;
      const event = stored as unknown as CareEvent;
      switch (event.type) {
        case 'SlotOpened':
          await tx.query(`insert into ${schema}.slot_providers (slot_id, provider_id) values ($1, $2) on conflict (slot_id) do nothing`, [
            event.data.slotId,
            event.data.providerId,
          ]);
          break;
        case 'SlotBooked':
          await tx.query(
            `insert into ${schema}.relationships (appointment_id, patient_id, provider_id, source, active, since)
             select $1, $2, provider_id, 'appointment', true, $4 from ${schema}.slot_providers where slot_id = $3
             on conflict (appointment_id) do update set provider_id = excluded.provider_id, active = true, ended_at = null`,
            [event.data.bookingId, event.data.patientId, event.data.slotId, event.data.bookedAt],
          );
          break;
        case 'BookingCancelled':
          await tx.query(`update ${schema}.relationships set active = false, ended_at = $2 where appointment_id = $1`, [
            event.data.bookingId,
            event.data.cancelledAt,
          ]);
          break;
      }
    }
  },

  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.relationships where patient_id = $1`, [patientId]);
  },
};
