import type { AccessibilityFeature, CandidateSlot, Coordinates } from '../../domain/scheduling';
import type { SqlExecutor } from '../../infra/sql/sql-client';

// Free slots as the slot finder wants them: rm_slots.slots joined with the facility's place
// (rm_provider_locations.locations) and, when the provider directory read model exists, the
// provider's languages, accessibility and rating. Without the directory every slot scores with
// the finder's defaults (no reviews, no languages, no accessibility features).

// The finder ranks at most this many candidates, the earliest first. A city's family-medicine
// slots over 30 days are a few thousand, so the cap only cuts searches far wider than that.
// NOTE: past the cap, a later slot that would score higher (nearer, better rated) is not seen.
export const MAX_CANDIDATES = 5_000;

// One degree of latitude is about 111 km everywhere; a degree of longitude shrinks with cos(lat).
const KM_PER_DEGREE = 111.2;

// The directory records one yes/no accessibility flag per provider; "yes" is read as the
// features a barrier-free clinic has in common.
// NOTE: a hearing loop or a height-adjustable exam table is never matched, so a patient who
// needs one sees every in-person slot scored as lacking it.
const ACCESSIBLE_FEATURES: readonly AccessibilityFeature[] = ['step-free-entrance', 'accessible-washroom', 'accessible-parking'];

export interface CandidateQuery {
  specialty: string;
  startsAfter: string;
  startsBefore: string;
  /** Pre-filters in-person slots to a box around the origin; the finder measures exactly. */
  near?: { origin: Coordinates; radiusKm: number };
  excludeSlotIds?: readonly string[];
}

interface CandidateRow {
  slot_id: string;
  provider_id: string;
  facility_id: string;
  specialty: string;
  starts_at: Date | string;
  ends_at: Date | string;
  mode: 'in-person' | 'telemedicine';
  demo: boolean;
  facility_name: string | null;
  lat: number | null;
  lng: number | null;
  languages: string[] | null;
  accessible: boolean | null;
  rating: number | string | null;
  review_count: number | null;
}

/** Loads the open slots matching the query, with what the finder scores them on. */
export async function loadCandidateSlots(sql: SqlExecutor, query: CandidateQuery): Promise<CandidateSlot[]> {
  const directory = await hasProviderDirectory(sql);
  const box = boundingBox(query.near);
  const { rows } = await sql.query<CandidateRow>(
    `select s.slot_id, s.provider_id, s.facility_id, s.specialty, s.starts_at, s.ends_at, s.mode, s.demo,
            l.name_en as facility_name, l.lat, l.lng,
            ${directory ? 'p.languages, p.accessible, p.rating, p.review_count' : 'null::text[] as languages, null::boolean as accessible, null::float8 as rating, null::int as review_count'}
     from rm_slots.slots s
     left join rm_provider_locations.locations l on l.location_id = s.facility_id
     ${directory ? 'left join rm_provider_directory.providers p on p.provider_id = s.provider_id' : ''}
     where s.status = 'open' and s.specialty = $1 and s.starts_at > $2 and s.starts_at <= $3
       and not (s.slot_id = any($4::text[]))
       and (s.mode = 'telemedicine' or (l.lat between $5 and $6 and l.lng between $7 and $8))
     order by s.starts_at, s.slot_id
     limit ${MAX_CANDIDATES}`,
    [query.specialty, query.startsAfter, query.startsBefore, [...(query.excludeSlotIds ?? [])], box.minLat, box.maxLat, box.minLng, box.maxLng],
  );
  return rows.map(toCandidate);
}

async function hasProviderDirectory(sql: SqlExecutor): Promise<boolean> {
  const { rows } = await sql.query<{ present: boolean }>(`select to_regclass('rm_provider_directory.providers') is not null as present`);
  return rows[0]?.present === true;
}

/** The latitude and longitude box around `near` that pre-filters in-person slots; the whole globe without it. */
export function boundingBox(near: CandidateQuery['near']) {
  if (!near) return { minLat: -90, maxLat: 90, minLng: -180, maxLng: 180 };
  const { origin, radiusKm } = near;
  const latDelta = radiusKm / KM_PER_DEGREE;
  const cosLat = Math.cos((origin.lat * Math.PI) / 180);
  const lngDelta = cosLat < 0.01 ? 180 : radiusKm / (KM_PER_DEGREE * cosLat);
  return { minLat: origin.lat - latDelta, maxLat: origin.lat + latDelta, minLng: origin.lng - lngDelta, maxLng: origin.lng + lngDelta };
}

function toCandidate(row: CandidateRow): CandidateSlot {
  const candidate: CandidateSlot = {
    slotId: row.slot_id,
    providerId: row.provider_id,
    facilityId: row.facility_id,
    facilityName: row.facility_name ?? (row.mode === 'telemedicine' ? 'Video visit' : row.facility_id),
    specialty: row.specialty,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    mode: row.mode,
    location: { lat: row.lat ?? 0, lng: row.lng ?? 0 },
    languages: row.languages ?? [],
    accessibility: row.accessible ? ACCESSIBLE_FEATURES : [],
    demo: row.demo,
  };
  return row.rating === null || row.review_count === null
    ? candidate
    : { ...candidate, rating: { average: Number(row.rating), reviewCount: row.review_count } };
}
