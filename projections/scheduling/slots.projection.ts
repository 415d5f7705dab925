import type { SlotEvent } from '../../domain/scheduling';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// Every slot with its current status, for availability search and booking alternatives. A batch
// is applied set-wise: the rows it touches are loaded once, the events are folded over them in
// global order in memory, and the results are written back with one upsert.

const SLOT_EVENT_TYPES = new Set<string>([
  'SlotOpened',
  'SlotBooked',
  'BookingCancelled',
  'SlotHeldForReschedule',
  'BookingRescheduled',
  'SlotHoldReleased',
  'SlotBlocked',
]);

export type SlotStatus = 'open' | 'booked' | 'held' | 'blocked';

export interface SlotRow {
  slot_id: string;
  provider_id: string;
  facility_id: string;
  specialty: string;
  starts_at: string;
  ends_at: string;
  mode: string;
  demo: boolean;
  status: SlotStatus;
  appointment_id: string | null;
  patient_id: string | null;
  hold_id: string | null;
  opened_at: string;
  updated_at: string;
}

const COLUMNS: readonly [keyof SlotRow, string][] = [
  ['slot_id', 'text'],
  ['provider_id', 'text'],
  ['facility_id', 'text'],
  ['specialty', 'text'],
  ['starts_at', 'timestamptz'],
  ['ends_at', 'timestamptz'],
  ['mode', 'text'],
  ['demo', 'boolean'],
  ['status', 'text'],
  ['appointment_id', 'text'],
  ['patient_id', 'text'],
  ['hold_id', 'text'],
  ['opened_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

export const slotsProjection: Projection = {
  name: 'slots',
  version: 1,
  eventTypes: SLOT_EVENT_TYPES,
  tables: [{ name: 'slots', orderBy: 'slot_id' }],

  // The slot stays booked for capacity; only the link to the erased patient goes.
  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`update ${schema}.slots set patient_id = null where patient_id = $1`, [patientId]);
  },

  createTables: (schema) => `
    create table ${schema}.slots (
      slot_id text primary key,
      provider_id text not null,
      facility_id text not null,
      specialty text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      mode text not null,
      demo boolean not null,
      status text not null check (status in ('open', 'booked', 'held', 'blocked')),
      appointment_id text,
      patient_id text,
      hold_id text,
      opened_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index on ${schema}.slots (specialty, starts_at) where status = 'open';
    create index on ${schema}.slots (provider_id, starts_at);
    create index on ${schema}.slots (appointment_id);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    const slotEvents = events.filter((event) => SLOT_EVENT_TYPES.has(event.type)).map((event) => event as unknown as SlotEvent);
    if (slotEvents.length === 0) return;

    const rows = await loadSlots(tx, schema, [...new Set(slotEvents.map((event) => event.data.slotId))]);
    for (const event of slotEvents) {
      applySlotEvent(rows, event);
    }
    await upsertSlots(tx, schema, [...rows.values()]);
  },
};

/** Folds one slot event into the rows; exported for the read-model consistency checks. */
export function applySlotEvent(rows: Map<string, SlotRow>, event: SlotEvent): void {
  if (event.type === 'SlotOpened') {
    const { slotId, providerId, facilityId, specialty, startsAt, endsAt, mode, demo, openedAt } = event.data;
    rows.set(slotId, {
      slot_id: slotId,
      provider_id: providerId,
      facility_id: facilityId,
      specialty,
      starts_at: startsAt,
      ends_at: endsAt,
      mode,
      demo,
      status: 'open',
      appointment_id: null,
      patient_id: null,
      hold_id: null,
      opened_at: openedAt,
      updated_at: openedAt,
    });
    return;
  }

  const row = rows.get(event.data.slotId);
  if (!row) return;
  const free = { status: 'open' as const, appointment_id: null, patient_id: null, hold_id: null };

  switch (event.type) {
    case 'SlotBooked':
      Object.assign(row, { status: 'booked', appointment_id: event.data.bookingId, patient_id: event.data.patientId, hold_id: null, updated_at: event.data.bookedAt });
      return;
    case 'SlotHeldForReschedule':
      Object.assign(row, { status: 'held', appointment_id: null, patient_id: event.data.patientId, hold_id: event.data.holdId, updated_at: event.data.heldAt });
      return;
    case 'BookingCancelled':
      Object.assign(row, { ...free, updated_at: event.data.cancelledAt });
      return;
    case 'BookingRescheduled':
      Object.assign(row, { ...free, updated_at: event.data.rescheduledAt });
      return;
    case 'SlotHoldReleased':
      Object.assign(row, { ...free, updated_at: event.data.releasedAt });
      return;
    case 'SlotBlocked':
      Object.assign(row, { ...free, status: 'blocked', updated_at: event.data.blockedAt });
      return;
  }
}

async function loadSlots(tx: SqlExecutor, schema: string, slotIds: string[]): Promise<Map<string, SlotRow>> {
  const { rows } = await tx.query<SlotRow>(
    `select slot_id, provider_id, facility_id, specialty, starts_at, ends_at, mode, demo, status, appointment_id, patient_id,
            hold_id, opened_at, updated_at
     from ${schema}.slots where slot_id = any($1::text[])`,
    [slotIds],
  );
  return new Map(rows.map((row) => [row.slot_id, { ...row, starts_at: iso(row.starts_at), ends_at: iso(row.ends_at), opened_at: iso(row.opened_at), updated_at: iso(row.updated_at) }]));
}

async function upsertSlots(tx: SqlExecutor, schema: string, rows: SlotRow[]): Promise<void> {
  if (rows.length === 0) return;
  const names = COLUMNS.map(([name]) => name);
  const updates = names.filter((name) => name !== 'slot_id').map((name) => `${name} = excluded.${name}`);
  await tx.query(
    `insert into ${schema}.slots (${names.join(', ')})
     select * from unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})
     on conflict (slot_id) do update set ${updates.join(', ')}`,
    COLUMNS.map(([name]) => rows.map((row) => row[name])),
  );
}

function iso(value: unknown): string {
  return new Date(value as string | Date).toISOString();
}
