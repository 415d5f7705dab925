import type { ProviderLocationRegisteredData } from './provider-location';

// Maps one row of the Ontario Ministry of Health "service provider locations" file onto a
// provider location. Columns: X (longitude), Y (latitude), FID, MOH_PRO_ID, SERV_TYPE, SERV_DET,
// EN_NAME, FR_NAME, ADDRESS_1, ADDRESS_2, COMMUNITY, POSTALCODE, among others.

export const ONTARIO_FACILITIES_SOURCE = 'ontario-moh-service-provider-locations-2021';

export type FacilityRow = Record<string, string | undefined>;

/** Returns the location, or the reason the row cannot be one (no id, no coordinates, no name). */
export function facilityToLocation(
  row: FacilityRow,
  registeredAt: string,
): { location: ProviderLocationRegisteredData } | { skipped: string } {
  const fid = row.FID?.trim();
  const lng = Number.parseFloat(row.X ?? '');
  const lat = Number.parseFloat(row.Y ?? '');
  const nameEn = clean(row.EN_NAME);
  if (!fid) return { skipped: 'no FID' };
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return { skipped: `facility ${fid} has no coordinates` };
  if (!nameEn) return { skipped: `facility ${fid} has no English name` };

  return {
    location: {
      locationId: `on-moh-${fid}`,
      ministryId: clean(row.MOH_PRO_ID),
      serviceType: clean(row.SERV_TYPE) ?? 'Unknown',
      serviceDetail: clean(row.SERV_DET),
      name: { en: nameEn, fr: clean(row.FR_NAME) },
      address: {
        line1: clean(row.ADDRESS_1) ?? '',
        line2: clean(row.ADDRESS_2),
        community: clean(row.COMMUNITY) ?? '',
        postalCode: clean(row.POSTALCODE),
      },
      coordinates: { lat, lng },
      source: ONTARIO_FACILITIES_SOURCE,
      registeredAt,
    },
  };
}

function clean(value: string | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}
