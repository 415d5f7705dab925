// Instants arrive as ISO 8601 strings inside commands. These helpers turn them into epoch
// milliseconds once, at the edge of a decision, and reject strings that are not instants.

import { ValidationError } from '../shared/errors';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// A date without a time or an offset ("2025-03-01") would be read as UTC midnight, which is the
// evening before in Ontario, so an instant must carry a time and a Z or numeric offset.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 instant into epoch milliseconds, or throws a ValidationError naming `field`. */
export function parseInstant(field: string, value: string): number {
  const millis = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(millis)) {
    throw ValidationError.forField(
      field,
      `must be an ISO 8601 instant with a time and an offset, such as 2025-03-01T14:30:00Z; got ${JSON.stringify(value)}`,
    );
  }
  return millis;
}

/** Formats epoch milliseconds as an ISO 8601 instant in UTC. */
export function formatInstant(millis: number): string {
  return new Date(millis).toISOString();
}
