import { EventRegistry, upcast } from '../../domain/shared/events';
import { consentEventDefinitions } from '../../domain/consent/consent-events';
import { identityEventDefinitions } from '../../domain/identity/audit-chain';
import { JOURNEY_EVENT_DEFINITIONS } from '../../domain/journeys/journey-events';
import { EQUIPMENT_ORDER_EVENT_DEFINITIONS } from '../../domain/logistics/equipment-order';
import { MEDICATION_DELIVERY_EVENT_DEFINITIONS } from '../../domain/logistics/medication-delivery';
import { RIDE_EVENT_DEFINITIONS } from '../../domain/logistics/ride';
import { PORTAL_EVENT_DEFINITIONS } from '../../domain/portal/alerts';
import { MONITORING_EVENT_DEFINITIONS } from '../../domain/monitoring/check-in-events';
import { NOTIFICATION_EVENT_DEFINITIONS } from '../../domain/notifications/notification-events';
import { patientEventDefinitions } from '../../domain/patients/patient-events';
import { providerEventDefinitions } from '../../domain/providers/provider-events';
import { providerLocationEventDefinitions } from '../../domain/providers/provider-location';
import { backfillEventDefinitions } from '../../domain/scheduling/backfill-events';
import { slotEventDefinitions } from '../../domain/scheduling/slot-events';
import { waitlistEventDefinitions } from '../../domain/scheduling/waitlist-entry';
import { triageEventDefinitions } from '../../domain/triage/events';
import { importEventDefinitions } from '../import/import-events';
import type { StoredEvent } from './event-store.port';

/**
 * Every event type the product writes, with its schema version and PHI fields. A context adds
 * its definitions here; appending an unregistered type fails, so none is stored without them.
 */
export const eventRegistry = new EventRegistry().register(
  ...patientEventDefinitions,
  ...providerLocationEventDefinitions,
  ...providerEventDefinitions,
  ...slotEventDefinitions,
  ...waitlistEventDefinitions,
  ...backfillEventDefinitions,
  ...triageEventDefinitions,
  ...MONITORING_EVENT_DEFINITIONS,
  ...NOTIFICATION_EVENT_DEFINITIONS,
  ...JOURNEY_EVENT_DEFINITIONS,
  ...RIDE_EVENT_DEFINITIONS,
  ...MEDICATION_DELIVERY_EVENT_DEFINITIONS,
  ...EQUIPMENT_ORDER_EVENT_DEFINITIONS,
  ...importEventDefinitions,
  ...consentEventDefinitions,
  ...identityEventDefinitions,
  ...PORTAL_EVENT_DEFINITIONS,
);

/** Brings a stored event's data up to the current schema version of its type. */
export function upcastStoredEvent<Data = unknown>(event: StoredEvent): StoredEvent<Data> {
  const definition = eventRegistry.find(event.type);
  if (!definition || definition.schemaVersion === event.schemaVersion) {
    return event as StoredEvent<Data>;
  }
  return { ...event, schemaVersion: definition.schemaVersion, data: upcast(definition, event.schemaVersion, event.data) as Data };
}
