// The components that score a candidate slot. Each returns a value in [0, 1] and one sentence
// explaining it; the finder combines them with weights that sum to 1. A new component is one
// more entry in SCORING_COMPONENTS and one more key in ScoringWeights.

import { ValidationError } from '../shared/errors';
import type { Coordinates } from './geo';
import type { CareMode } from './slot-events';

export type AccessibilityFeature =
  | 'step-free-entrance'
  | 'accessible-washroom'
  | 'accessible-parking'
  | 'hearing-loop'
  | 'height-adjustable-exam-table';

export type TelemedicinePreference = 'preferred' | 'acceptable' | 'in-person-only';

/** A free slot as the provider-search read model delivers it, joined with its provider. */
export interface CandidateSlot {
  slotId: string;
  providerId: string;
  facilityId: string;
  facilityName: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  mode: CareMode;
  location: Coordinates;
  /** ISO 639-1 codes of the languages the provider consults in. */
  languages: readonly string[];
  accessibility: readonly AccessibilityFeature[];
  rating?: { average: number; reviewCount: number };
  demo: boolean;
}

export interface PatientPreferences {
  /** ISO 639-1 codes, most preferred first. */
  languages?: readonly string[];
  accessibilityNeeds?: readonly AccessibilityFeature[];
  telemedicine?: TelemedicinePreference;
}

export interface ScoringWeights {
  rating: number;
  distance: number;
  wait: number;
  preference: number;
}

export type ScoringComponentName = keyof ScoringWeights;

// Waiting counts most, because a sooner visit is the product's purpose. Distance comes next,
// because travel is the largest cost to the patient.
export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = { wait: 0.35, distance: 0.25, rating: 0.2, preference: 0.2 };

export interface ScoringInput {
  slot: CandidateSlot;
  /** Null for a telemedicine slot, where the patient does not travel. */
  distanceKm: number | null;
  maxDistanceKm: number;
  nowMs: number;
  windowMs: number;
  preferences: PatientPreferences;
}

export interface ComponentScore {
  value: number;
  explanation: string;
}

export const SCORING_COMPONENTS: Readonly<Record<ScoringComponentName, (input: ScoringInput) => ComponentScore>> = {
  rating: scoreRating,
  distance: scoreDistance,
  wait: scoreWait,
  preference: scorePreference,
};

// Ratings are shrunk toward a prior of 3.5 stars worth 10 reviews (a Bayesian average), so two
// five-star reviews do not outrank four hundred reviews averaging 4.7.
const PRIOR_MEAN_STARS = 3.5;
const PRIOR_REVIEW_COUNT = 10;

function scoreRating({ slot }: ScoringInput): ComponentScore {
  const average = slot.rating?.average ?? PRIOR_MEAN_STARS;
  const reviews = slot.rating?.reviewCount ?? 0;
  const adjusted = (PRIOR_REVIEW_COUNT * PRIOR_MEAN_STARS + reviews * average) / (PRIOR_REVIEW_COUNT + reviews);

  const explanation =
    reviews === 0
      ? `no reviews yet, scored as ${PRIOR_MEAN_STARS} stars`
      : `${average.toFixed(1)} stars from ${reviews} reviews, ${adjusted.toFixed(2)} after adjusting for review count`;
  return { value: (adjusted - 1) / 4, explanation };
}

function scoreDistance({ distanceKm, maxDistanceKm }: ScoringInput): ComponentScore {
  if (distanceKm === null) {
    return { value: 1, explanation: 'telemedicine visit, no travel' };
  }
  return {
    value: 1 - distanceKm / maxDistanceKm,
    explanation: `${distanceKm.toFixed(1)} km away, within the ${maxDistanceKm} km limit`,
  };
}

function scoreWait({ slot, nowMs, windowMs }: ScoringInput): ComponentScore {
  const waitMs = Date.parse(slot.startsAt) - nowMs;
  const hours = waitMs / 3_600_000;
  const explanation = hours < 48 ? `starts in ${hours.toFixed(1)} hours` : `starts in ${(hours / 24).toFixed(1)} days`;
  return { value: 1 - waitMs / windowMs, explanation };
}

function scorePreference({ slot, preferences }: ScoringInput): ComponentScore {
  const parts = [languageMatch(slot, preferences), accessibilityMatch(slot, preferences), telemedicineMatch(slot, preferences)]
    .filter((part): part is ComponentScore => part !== null);
  if (parts.length === 0) {
    return { value: 1, explanation: 'no preferences given' };
  }

  const value = parts.reduce((sum, part) => sum + part.value, 0) / parts.length;
  return { value, explanation: parts.map((part) => part.explanation).join('; ') };
}

// The first preferred language scores full marks; another listed one scores 0.75, because a
// consultation in a second language works but loses nuance.
function languageMatch(slot: CandidateSlot, { languages = [] }: PatientPreferences): ComponentScore | null {
  if (languages.length === 0) return null;
  const [first] = languages;
  if (first !== undefined && slot.languages.includes(first)) {
    return { value: 1, explanation: `consults in ${first}` };
  }
  const other = languages.find((language) => slot.languages.includes(language));
  return other
    ? { value: 0.75, explanation: `consults in ${other}, not in ${first}` }
    : { value: 0, explanation: `consults in none of ${languages.join(', ')}` };
}

function accessibilityMatch(slot: CandidateSlot, { accessibilityNeeds = [] }: PatientPreferences): ComponentScore | null {
  if (accessibilityNeeds.length === 0) return null;
  if (slot.mode === 'telemedicine') {
    return { value: 1, explanation: 'telemedicine visit, no building to access' };
  }
  const missing = accessibilityNeeds.filter((need) => !slot.accessibility.includes(need));
  const value = 1 - missing.length / accessibilityNeeds.length;
  return { value, explanation: missing.length === 0 ? 'meets every accessibility need' : `lacks ${missing.join(', ')}` };
}

function telemedicineMatch(slot: CandidateSlot, { telemedicine }: PatientPreferences): ComponentScore | null {
  if (telemedicine !== 'preferred') return null;
  return slot.mode === 'telemedicine'
    ? { value: 1, explanation: 'telemedicine, as preferred' }
    : { value: 0, explanation: 'in person, telemedicine preferred' };
}

/** Merges partial weights over the defaults and normalises them to sum to 1. */
export function resolveWeights(overrides: Partial<ScoringWeights> = {}): ScoringWeights {
  const names = Object.keys(SCORING_COMPONENTS) as ScoringComponentName[];
  for (const name of Object.keys(overrides)) {
    if (!(names as string[]).includes(name)) {
      throw ValidationError.forField(`weights.${name}`, `is not a scoring component; use ${names.join(', ')}`);
    }
  }

  const merged: ScoringWeights = { ...DEFAULT_WEIGHTS, ...overrides };
  for (const name of names) {
    const weight = merged[name];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw ValidationError.forField(`weights.${name}`, `must be a finite number of 0 or more; got ${weight}`);
    }
  }

  const total = names.reduce((sum, name) => sum + merged[name], 0);
  if (total === 0) {
    throw ValidationError.forField('weights', 'at least one weight must be above 0');
  }
  return Object.fromEntries(names.map((name) => [name, merged[name] / total])) as unknown as ScoringWeights;
}
