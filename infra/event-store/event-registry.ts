import { EventRegistry, upcast } from '../../domain/shared/events';
import { patientEventDefinitions } from '../../domain/patients/patient-events';
import { providerLocationEventDefinitions } from '../../domain/providers/provider-location';
import { importEventDefinitions } from '../import/import-events';
import type { StoredEvent } from './event-store.port';

/** Every event type the product writes; a context adds its definitions here. */
export const eventRegistry = new EventRegistry().register(
  ...patientEventDefinitions,
  ...providerLocationEventDefinitions,
  ...importEventDefinitions,
);

/** Brings a stored event's data up to the current schema version of its type. */
export function upcastStoredEvent<Data = unknown>(event: StoredEvent): StoredEvent<Data> {
  const definition = eventRegistry.find(event.type);
  if (!definition || definition.schemaVersion === event.schemaVersion) {
    return event as StoredEvent<Data>;
  }
  return { ...event, schemaVersion: definition.schemaVersion, data: upcast(definition, event.schemaVersion, event.data) as Data };
}
