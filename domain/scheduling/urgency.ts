// How soon a patient must be seen, by urgency, and what the product does when a clinic is the
// wrong place. Triage decides the urgency; scheduling only turns it into a booking window.
//
// NOTE: the 24 h, 14-day and 30-day windows are product choices reasoned out below, not targets
// taken from a clinical guideline. Until a clinical lead confirms them, a patient may be offered
// a later slot than their clinician would choose.

import { ValidationError } from '../shared/errors';
import { DAY_MS, HOUR_MS } from './time';

export const URGENCIES = ['critical', 'urgent', 'routine', 'non-urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface LocalizedText {
  en: string;
  fr: string;
}

export type UrgencyPolicy =
  | { kind: 'emergency-care'; advice: LocalizedText }
  | { kind: 'book-within'; windowMs: number; rationale: string };

export const EMERGENCY_ADVICE: LocalizedText = {
  en: 'This needs emergency care now. Call 911 or go to the nearest emergency department. Do not wait for a clinic appointment.',
  fr: "Vous avez besoin de soins d'urgence maintenant. Composez le 911 ou rendez-vous au service des urgences le plus proche. N'attendez pas un rendez-vous en clinique.",
};

export const URGENCY_POLICIES: Readonly<Record<Urgency, UrgencyPolicy>> = {
  // A clinic cannot resuscitate or stabilise, so a critical patient is never booked: the finder
  // returns emergency advice instead of slots, whatever else the search requests.
  critical: { kind: 'emergency-care', advice: EMERGENCY_ADVICE },

  // Health Quality Ontario's primary-care access indicator counts a visit on the same or the
  // next day (under 2 days) as timely when a patient is sick; 24 h keeps urgent visits inside it.
  urgent: {
    kind: 'book-within',
    windowMs: 24 * HOUR_MS,
    rationale: 'seen within 24 hours, inside the same-or-next-day access target for a sick patient',
  },

  // Two full weekly schedules, so a provider who works one clinic day a week still offers two.
  routine: {
    kind: 'book-within',
    windowMs: 14 * DAY_MS,
    rationale: 'seen within 14 days, two full weekly clinic schedules',
  },

  // About the horizon for which clinics publish schedules; later needs go to the waitlist.
  'non-urgent': {
    kind: 'book-within',
    windowMs: 30 * DAY_MS,
    rationale: 'seen within 30 days, the horizon clinics publish schedules for',
  },
};

/** Advice shown when no urgent slot exists, so an urgent patient is never left with nothing. */
export const URGENT_WITHOUT_SLOT_ADVICE: LocalizedText = {
  en: 'No appointment is free in the next 24 hours. Call Health811 (8-1-1) for advice, or visit an urgent care centre or walk-in clinic today.',
  fr: "Aucun rendez-vous n'est libre dans les 24 prochaines heures. Appelez Santé811 (8-1-1) pour obtenir des conseils, ou rendez-vous aujourd'hui dans un centre de soins d'urgence ou une clinique sans rendez-vous.",
};

export function parseUrgency(field: string, value: unknown): Urgency {
  if (typeof value === 'string' && (URGENCIES as readonly string[]).includes(value)) {
    return value as Urgency;
  }
  throw ValidationError.forField(field, `must be one of ${URGENCIES.join(', ')}; got ${JSON.stringify(value)}`);
}
