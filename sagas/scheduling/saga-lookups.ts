import { evolveSlot, initialSlotState, type SlotEvent, type SlotState } from '../../domain/scheduling';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore } from '../../infra/event-store/event-store.port';
import type { NotificationLanguage } from '../../infra/notifications/notifications.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';

// What the scheduling sagas look up before they act: the slot's current state from its own
// stream (the source of truth, never behind), and from the read models the patient's language
// and the facility's name. A missing read model or row falls back to English and the facility id.

export async function loadSlotState(store: EventStore, slotId: string): Promise<SlotState> {
  const history = await store.readStream(`slot-${slotId}`);
  return history.reduce((state, event) => evolveSlot(state, upcastStoredEvent(event) as unknown as SlotEvent), initialSlotState());
}

export async function preferredLanguage(sql: SqlExecutor, patientId: string): Promise<NotificationLanguage> {
  if (!(await tableExists(sql, 'rm_patients.patients'))) return 'en';
  const { rows } = await sql.query<{ preferred_language: string }>('select preferred_language from rm_patients.patients where patient_id = $1', [patientId]);
  return rows[0]?.preferred_language === 'fr' ? 'fr' : 'en';
}

export async function facilityNames(sql: SqlExecutor, facilityId: string): Promise<{ en: string; fr: string }> {
  if (!(await tableExists(sql, 'rm_provider_locations.locations'))) return { en: facilityId, fr: facilityId };
  const { rows } = await sql.query<{ name_en: string; name_fr: string | null }>(
    'select name_en, name_fr from rm_provider_locations.locations where location_id = $1',
    [facilityId],
  );
  const row = rows[0];
  return row ? { en: row.name_en, fr: row.name_fr ?? row.name_en } : { en: facilityId, fr: facilityId };
}

async function tableExists(sql: SqlExecutor, table: string): Promise<boolean> {
  const { rows } = await sql.query<{ present: boolean }>('select to_regclass($1) is not null as present', [table]);
  return rows[0]?.present === true;
}
