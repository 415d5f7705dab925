// Distances between points on the map.

import type { GeoPoint } from './ride';

const EARTH_RADIUS_KM = 6371;

/** Road distance is longer than the straight line; 1.3 is a common urban detour estimate. */
export const ROAD_DETOUR_FACTOR = 1.3;

/** Great-circle distance, km (haversine formula). */
export function straightLineKm(from: GeoPoint, to: GeoPoint): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.lat - from.lat);
  const dLon = radians(to.lon - from.lon);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function estimatedRoadKm(from: GeoPoint, to: GeoPoint): number {
  return straightLineKm(from, to) * ROAD_DETOUR_FACTOR;
}

/** Interpolates linearly between two points; the error stays small for trips under about 50 km. */
export function interpolate(from: GeoPoint, to: GeoPoint, fraction: number): GeoPoint {
  return { lat: from.lat + (to.lat - from.lat) * fraction, lon: from.lon + (to.lon - from.lon) * fraction };
}
