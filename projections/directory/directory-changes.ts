import type {
  PractitionerRoleAssigned,
  ProviderQualityRated,
  ProviderRegistered,
  ScheduleOpened,
} from '../../domain/providers/provider-events';
import { isSpecialty, SPECIALTIES } from '../../domain/providers/specialties';
import type { StoredEvent } from '../../infra/event-store/event-store.port';

// Turns a batch of provider events into the row changes of the directory, one list per kind of
// change. Each list holds at most one entry per provider, so a set-wise statement can apply it.

export interface RegisteredRow {
  provider_id: string;
  given_name: string;
  family_name: string;
  provider_type: string;
  credentials: string[];
  credential_text: string;
  credential_records: ProviderRegistered['data']['credentials'];
  languages: string[];
  demo: boolean;
  registered_at: string;
  position: string;
}

export interface RolesChange {
  provider_id: string;
  specialties: string[];
  specialty_text: string;
  accepted_insurance: string[];
  telemedicine: boolean;
  /** The first role's location, which the directory lists the provider at. */
  location: PractitionerRoleAssigned['data']['location'];
}

export interface RatingChange {
  provider_id: string;
  rating: number;
  review_count: number;
}

export interface NextSlotChange {
  provider_id: string;
  next_slot_at: string;
  wait_days: number;
}

export interface DirectoryChanges {
  registered: RegisteredRow[];
  roles: RolesChange[];
  ratings: RatingChange[];
  nextSlots: NextSlotChange[];
}

const DAY_MS = 86_400_000;

/** The event types directoryChanges reads. */
export const DIRECTORY_EVENT_TYPES: ReadonlySet<string> = new Set(['ProviderRegistered', 'PractitionerRoleAssigned', 'ProviderQualityRated', 'ScheduleOpened']);

export function directoryChanges(events: readonly StoredEvent[]): DirectoryChanges {
  const registered: RegisteredRow[] = [];
  const roles = new Map<string, RolesChange>();
  const ratings = new Map<string, RatingChange>();
  const nextSlots = new Map<string, NextSlotChange>();

  for (const event of events) {
    switch (event.type) {
      case 'ProviderRegistered':
        registered.push(registeredRow(event as StoredEvent<ProviderRegistered['data']>));
        break;
      case 'PractitionerRoleAssigned':
        mergeRole(roles, (event as StoredEvent<PractitionerRoleAssigned['data']>).data);
        break;
      case 'ProviderQualityRated': {
        const { providerId, averageRating, reviewCount } = (event as StoredEvent<ProviderQualityRated['data']>).data;
        ratings.set(providerId, { provider_id: providerId, rating: averageRating, review_count: reviewCount });
        break;
      }
      case 'ScheduleOpened':
        mergeNextSlot(nextSlots, (event as StoredEvent<ScheduleOpened['data']>).data);
        break;
      default:
        break;
    }
  }
  return { registered, roles: [...roles.values()], ratings: [...ratings.values()], nextSlots: [...nextSlots.values()] };
}

function registeredRow(event: StoredEvent<ProviderRegistered['data']>): RegisteredRow {
  const { data } = event;
  return {
    provider_id: data.providerId,
    given_name: data.name.given,
    family_name: data.name.family,
    provider_type: data.providerType,
    credentials: data.credentials.map((credential) => credential.designation),
    credential_text: credentialText(data),
    credential_records: data.credentials,
    languages: data.languages,
    demo: data.demo,
    registered_at: data.registeredAt,
    position: event.globalPosition.toString(),
  };
}

// The provider type goes with the credentials, so "midwife" or "nurse practitioner" finds them.
function credentialText(data: ProviderRegistered['data']): string {
  const credentials = data.credentials.map((credential) => `${credential.designation} ${credential.regulator}`);
  return [...credentials, data.providerType.replace(/-/g, ' ')].join(' ');
}

function mergeRole(roles: Map<string, RolesChange>, role: PractitionerRoleAssigned['data']): void {
  const current = roles.get(role.providerId);
  const change: RolesChange = current ?? {
    provider_id: role.providerId,
    specialties: [],
    specialty_text: '',
    accepted_insurance: [],
    telemedicine: false,
    location: role.location,
  };
  change.specialties = union(change.specialties, [role.specialty]);
  change.specialty_text = [change.specialty_text, specialtyText(role.specialty)].join(' ').trim();
  change.accepted_insurance = union(change.accepted_insurance, role.acceptedInsurance);
  change.telemedicine = change.telemedicine || role.telemedicine;
  roles.set(role.providerId, change);
}

// Patients search in their own words, so the document carries the specialty's English and
// French labels besides its code.
function specialtyText(specialty: string): string {
  if (!isSpecialty(specialty)) return specialty;
  const { label } = SPECIALTIES[specialty];
  return `${specialty} ${label.en} ${label.fr}`;
}

// The earliest slot wins; its wait is counted from the moment its schedule was published.
function mergeNextSlot(nextSlots: Map<string, NextSlotChange>, schedule: ScheduleOpened['data']): void {
  const starts = schedule.slots.map((slot) => Date.parse(slot.startsAt)).filter(Number.isFinite);
  if (starts.length === 0) return;

  const earliest = Math.min(...starts);
  const current = nextSlots.get(schedule.providerId);
  if (current && Date.parse(current.next_slot_at) <= earliest) return;

  const waitDays = Math.max(0, (earliest - Date.parse(schedule.openedAt)) / DAY_MS);
  nextSlots.set(schedule.providerId, {
    provider_id: schedule.providerId,
    next_slot_at: new Date(earliest).toISOString(),
    wait_days: Math.round(waitDays * 100) / 100,
  });
}

function union(left: readonly string[], right: readonly string[]): string[] {
  return [...new Set([...left, ...right])];
}
