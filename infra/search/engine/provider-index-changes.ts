import { isSpecialty, SPECIALTIES } from '../../../domain/providers/specialties';
import { directoryChanges, type NextSlotChange, type RatingChange, type RegisteredRow, type RolesChange } from '../../../projections/directory/directory-changes';
import type { StoredEvent } from '../../event-store/event-store.port';
import type { ProviderDocument } from './provider-index';

// Applies a batch of provider events to the provider documents they touch, with the rules of the
// directory read model (projections/directory). The first role fixes the listed location, and
// later roles add specialties, plans and telemedicine. The latest rating and the earliest slot win.
//
// Every change is idempotent: applying a batch twice leaves the documents as applying it once.
// The index and its checkpoint cannot be written atomically, so a crash between the two replays
// the batch, and that replay must not change anything.

/** The wheelchair test of the directory: a step-free entrance at the listed facility. */
const ACCESSIBLE_FEATURE = 'step-free-entrance';

/** Lists the provider ids a batch touches, so their current documents can be read in one call. */
export function touchedProviders(events: readonly StoredEvent[]): string[] {
  const changes = directoryChanges(events);
  const ids = [
    ...changes.registered.map((row) => row.provider_id),
    ...changes.roles.map((change) => change.provider_id),
    ...changes.ratings.map((change) => change.provider_id),
    ...changes.nextSlots.map((change) => change.provider_id),
  ];
  return [...new Set(ids)];
}

/**
 * Applies the events to `documents` (keyed by provider id, changed in place) and returns the ids
 * of the documents that changed. Changes for a provider without a document are dropped, as the
 * read model's updates are.
 */
export function applyProviderEvents(documents: Map<string, ProviderDocument>, events: readonly StoredEvent[]): Set<string> {
  const changes = directoryChanges(events);
  const changed = new Set<string>();
  const update = (providerId: string, change: (document: ProviderDocument) => void) => {
    const document = documents.get(providerId);
    if (!document) return;
    change(document);
    changed.add(providerId);
  };

  for (const row of changes.registered) {
    if (documents.has(row.provider_id)) continue;
    documents.set(row.provider_id, registeredDocument(row));
    changed.add(row.provider_id);
  }
  for (const change of changes.roles) update(change.provider_id, (document) => applyRoles(document, change));
  for (const change of changes.ratings) update(change.provider_id, (document) => applyRating(document, change));
  for (const change of changes.nextSlots) update(change.provider_id, (document) => applyNextSlot(document, change));
  return changed;
}

function registeredDocument(row: RegisteredRow): ProviderDocument {
  return {
    providerId: row.provider_id,
    givenName: row.given_name,
    familyName: row.family_name,
    name: `${row.given_name} ${row.family_name}`,
    providerType: row.provider_type,
    specialties: [],
    specialtyText: '',
    credentials: row.credential_records,
    credentialText: row.credential_text,
    languages: row.languages,
    location: null,
    point: null,
    accessibility: [],
    accessible: false,
    telemedicine: false,
    rating: null,
    reviewCount: 0,
    acceptedInsurance: [],
    waitDays: null,
    nextSlotAt: null,
    demo: row.demo,
    registeredAt: new Date(row.registered_at).toISOString(),
    position: row.position,
  };
}

function applyRoles(document: ProviderDocument, change: RolesChange): void {
  document.specialties = sortedUnion(document.specialties, change.specialties);
  document.specialtyText = document.specialties.map(specialtyText).join(' ');
  document.acceptedInsurance = sortedUnion(document.acceptedInsurance, change.accepted_insurance);
  document.telemedicine = document.telemedicine || change.telemedicine;
  if (document.location !== null) return;

  const { location } = change;
  document.location = {
    locationId: location.facilityId,
    facilityName: location.facilityName,
    serviceType: location.serviceType,
    community: location.community,
    lat: location.lat,
    lng: location.lng,
    accessibility: location.accessibility,
  };
  document.point = { lat: location.lat, lon: location.lng };
  document.accessibility = location.accessibility;
  document.accessible = location.accessibility.includes(ACCESSIBLE_FEATURE);
}

function applyRating(document: ProviderDocument, change: RatingChange): void {
  document.rating = change.rating;
  document.reviewCount = change.review_count;
}

function applyNextSlot(document: ProviderDocument, change: NextSlotChange): void {
  if (document.nextSlotAt !== null && Date.parse(document.nextSlotAt) <= Date.parse(change.next_slot_at)) return;
  document.nextSlotAt = change.next_slot_at;
  document.waitDays = change.wait_days;
}

// The same words the read model searches: the code and its English and French labels.
function specialtyText(specialty: string): string {
  if (!isSpecialty(specialty)) return specialty;
  const { label } = SPECIALTIES[specialty];
  return `${specialty} ${label.en} ${label.fr}`;
}

// Sorted by code point, as the read model's `order by value` under the C collation.
function sortedUnion(left: readonly string[], right: readonly string[]): string[] {
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...new Set([...left, ...right])].sort(byCodePoint);
}
