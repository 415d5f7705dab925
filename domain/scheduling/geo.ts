// Great-circle distance between WGS84 coordinates, and the checks on coordinates a request sends.

import { ValidationError } from '../shared/errors';

export interface Coordinates {
  lat: number;
  lng: number;
}

// The IUGG mean Earth radius. Haversine on a sphere is within about 0.5 % of the ellipsoidal
// distance, far below the precision a travel-distance filter needs.
const EARTH_MEAN_RADIUS_KM = 6371.0088;

export function haversineKm(from: Coordinates, to: Coordinates): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRadians(to.lat - from.lat);
  const dLng = toRadians(to.lng - from.lng);

  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Throws a ValidationError naming `${field}.lat` or `${field}.lng` when either is out of range. */
export function assertCoordinates(field: string, coordinates: Coordinates): void {
  const { lat, lng } = coordinates;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw ValidationError.forField(`${field}.lat`, `must be a latitude between -90 and 90 degrees; got ${lat}`);
  }
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) {
    throw ValidationError.forField(`${field}.lng`, `must be a longitude between -180 and 180 degrees; got ${lng}`);
  }
}
