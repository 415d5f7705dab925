import type { BackfillEvent, WaitlistEvent } from '../../domain/scheduling';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// The waitlist per specialty and the slot offers the backfill process made from it. The order
// and priority of entries are computed when read (they depend on the current time), so this
// table keeps only the inputs: urgency and joinedAt.
//
// Events are applied one statement each, in order: waitlist and offer events are a few per
// cancelled appointment, far fewer than slot events, so batching them gains little.

type WaitlistReadEvent = WaitlistEvent | BackfillEvent;
const HANDLED = new Set<string>([
  'PatientWaitlisted',
  'WaitlistEntryWithdrawn',
  'WaitlistEntryFulfilled',
  'SlotOffered',
  'OfferDeclined',
  'OfferExpired',
  'OfferAccepted',
  'BackfillCompleted',
  'BackfillAbandoned',
]);

export const waitlistProjection: Projection = {
  name: 'waitlist',
  version: 1,
  eventTypes: HANDLED,
  tables: [
    { name: 'entries', orderBy: 'entry_id' },
    { name: 'offers', orderBy: 'offer_id' },
  ],

  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.offers where patient_id = $1`, [patientId]);
    await tx.query(`delete from ${schema}.entries where patient_id = $1`, [patientId]);
  },

  createTables: (schema) => `
    create table ${schema}.entries (
      entry_id text primary key,
      patient_id text not null,
      specialty text not null,
      urgency text not null,
      joined_at timestamptz not null,
      status text not null check (status in ('waiting', 'withdrawn', 'fulfilled')),
      slot_id text,
      appointment_id text,
      left_at timestamptz
    );
    create index on ${schema}.entries (specialty, status);
    create table ${schema}.offers (
      offer_id text primary key,
      backfill_id text not null,
      slot_id text not null,
      entry_id text not null,
      patient_id text not null,
      offered_at timestamptz not null,
      respond_by timestamptz not null,
      status text not null check (status in ('offered', 'declined', 'expired', 'accepted', 'booked', 'not-booked')),
      answered_at timestamptz
    );
    create index on ${schema}.offers (patient_id, offered_at desc);
    create index on ${schema}.offers (backfill_id);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    for (const stored of events) {
      if (HANDLED.has(stored.type)) {
        await applyEvent(tx, schema, stored as unknown as WaitlistReadEvent);
      }
    }
  },
};

async function applyEvent(tx: SqlExecutor, schema: string, event: WaitlistReadEvent): Promise<void> {
  switch (event.type) {
    case 'PatientWaitlisted': {
      const { entryId, patientId, specialty, urgency, joinedAt } = event.data;
      await tx.query(
        `insert into ${schema}.entries (entry_id, patient_id, specialty, urgency, joined_at, status)
         values ($1, $2, $3, $4, $5, 'waiting') on conflict (entry_id) do nothing`,
        [entryId, patientId, specialty, urgency, joinedAt],
      );
      return;
    }
    case 'WaitlistEntryWithdrawn':
      await tx.query(`update ${schema}.entries set status = 'withdrawn', left_at = $2 where entry_id = $1`, [event.data.entryId, event.data.withdrawnAt]);
      return;
    case 'WaitlistEntryFulfilled': {
      const { entryId, slotId, bookingId, fulfilledAt } = event.data;
      await tx.query(
        `update ${schema}.entries set status = 'fulfilled', slot_id = $2, appointment_id = $3, left_at = $4 where entry_id = $1`,
        [entryId, slotId, bookingId, fulfilledAt],
      );
      return;
    }
    case 'SlotOffered': {
      const { offerId, backfillId, slotId, entryId, patientId, offeredAt, respondBy } = event.data;
      // An accepted offer that is followed by another one was not booked (the booking was refused).
      await tx.query(`update ${schema}.offers set status = 'not-booked' where backfill_id = $1 and status = 'accepted'`, [backfillId]);
      await tx.query(
        `insert into ${schema}.offers (offer_id, backfill_id, slot_id, entry_id, patient_id, offered_at, respond_by, status)
         values ($1, $2, $3, $4, $5, $6, $7, 'offered') on conflict (offer_id) do nothing`,
        [offerId, backfillId, slotId, entryId, patientId, offeredAt, respondBy],
      );
      return;
    }
    case 'OfferDeclined':
      await answerOffer(tx, schema, event.data.offerId, 'declined', event.data.declinedAt);
      return;
    case 'OfferExpired':
      await answerOffer(tx, schema, event.data.offerId, 'expired', event.data.expiredAt);
      return;
    case 'OfferAccepted':
      await answerOffer(tx, schema, event.data.offerId, 'accepted', event.data.acceptedAt);
      return;
    case 'BackfillCompleted':
      await tx.query(`update ${schema}.offers set status = 'booked' where backfill_id = $1 and status = 'accepted'`, [event.data.backfillId]);
      return;
    case 'BackfillAbandoned':
      await tx.query(`update ${schema}.offers set status = 'not-booked' where backfill_id = $1 and status = 'accepted'`, [event.data.backfillId]);
      return;
    case 'BackfillStarted':
    case 'OfferDeadlineScheduled':
      return;
  }
}

async function answerOffer(tx: SqlExecutor, schema: string, offerId: string, status: string, answeredAt: string): Promise<void> {
  await tx.query(`update ${schema}.offers set status = $2, answered_at = $3 where offer_id = $1 and status = 'offered'`, [offerId, status, answeredAt]);
}
