// Finds the best free slots for a patient. It filters candidates by specialty, urgency window
// and travel distance, and scores each with the components in slot-scoring.ts. The top few come
// back with every component's share of the score, so the patient app can explain each rank.

import { ValidationError } from '../shared/errors';
import { assertCoordinates, haversineKm, type Coordinates } from './geo';
import {
  resolveWeights,
  SCORING_COMPONENTS,
  type CandidateSlot,
  type PatientPreferences,
  type ScoringComponentName,
  type ScoringInput,
  type ScoringWeights,
} from './slot-scoring';
import { formatInstant, parseInstant } from './time';
import { parseUrgency, URGENCY_POLICIES, URGENT_WITHOUT_SLOT_ADVICE, type LocalizedText, type Urgency } from './urgency';

// Beyond about 500 km a trip from southern Ontario leaves the province. A larger radius is a
// units mistake (metres sent as kilometres) rather than a real request.
export const MAX_SEARCH_RADIUS_KM = 500;
export const DEFAULT_RESULT_LIMIT = 5;

export interface SlotSearch {
  specialty: string;
  urgency: Urgency;
  origin: Coordinates;
  maxDistanceKm: number;
  now: string;
  preferences?: PatientPreferences;
  weights?: Partial<ScoringWeights>;
}

export interface ExplainedComponent {
  name: ScoringComponentName;
  /** The component's own score in [0, 1]. */
  value: number;
  /** The normalised weight; the weights of one search sum to 1. */
  weight: number;
  /** weight × value; the contributions of one slot sum to its score. */
  contribution: number;
  explanation: string;
}

export interface RankedSlot {
  slot: CandidateSlot;
  score: number;
  distanceKm: number | null;
  components: ExplainedComponent[];
}

export type SlotSearchResult =
  | { outcome: 'emergency-care'; urgency: Urgency; advice: LocalizedText }
  | {
      outcome: 'ranked';
      urgency: Urgency;
      windowEndsAt: string;
      /** How many candidates passed the filters before the top few were taken. */
      matchedCount: number;
      slots: RankedSlot[];
      advice?: LocalizedText;
    };

export function findSlots(search: SlotSearch, candidates: readonly CandidateSlot[], limit = DEFAULT_RESULT_LIMIT): SlotSearchResult {
  const urgency = parseUrgency('urgency', search.urgency);
  const policy = URGENCY_POLICIES[urgency];
  if (policy.kind === 'emergency-care') {
    return { outcome: 'emergency-care', urgency, advice: policy.advice };
  }

  validateSearch(search);
  const weights = resolveWeights(search.weights);
  const nowMs = parseInstant('now', search.now);
  const windowEndMs = nowMs + policy.windowMs;

  const matched = candidates
    .filter((slot) => isEligible(slot, search, nowMs, windowEndMs))
    .map((slot) => ({ slot, distanceKm: travelDistance(slot, search.origin) }))
    .filter(({ distanceKm }) => distanceKm === null || distanceKm <= search.maxDistanceKm);

  const ranked = matched
    .map(({ slot, distanceKm }) => rankSlot(slot, distanceKm, weights, { search, nowMs, windowMs: policy.windowMs }))
    .sort(compareRanked)
    .slice(0, limit);

  const result = { outcome: 'ranked' as const, urgency, windowEndsAt: formatInstant(windowEndMs), matchedCount: matched.length, slots: ranked };
  return urgency === 'urgent' && ranked.length === 0 ? { ...result, advice: URGENT_WITHOUT_SLOT_ADVICE } : result;
}

function validateSearch(search: SlotSearch): void {
  if (typeof search.specialty !== 'string' || search.specialty.trim() === '') {
    throw ValidationError.forField('specialty', 'must name a specialty, such as family-medicine');
  }
  assertCoordinates('origin', search.origin);

  const radius = search.maxDistanceKm;
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0 || radius > MAX_SEARCH_RADIUS_KM) {
    throw ValidationError.forField('maxDistanceKm', `must be above 0 and at most ${MAX_SEARCH_RADIUS_KM} km; got ${radius}`);
  }
}

function isEligible(slot: CandidateSlot, search: SlotSearch, nowMs: number, windowEndMs: number): boolean {
  const startsAtMs = Date.parse(slot.startsAt);
  const inWindow = startsAtMs > nowMs && startsAtMs <= windowEndMs;
  const modeAllowed = !(slot.mode === 'telemedicine' && search.preferences?.telemedicine === 'in-person-only');
  return slot.specialty === search.specialty && inWindow && modeAllowed;
}

// A telemedicine visit has no travel, so its distance neither filters nor scores it.
// NOTE: a telemedicine slot is offered whatever the distance, which assumes the patient is in
// Ontario. A patient outside the province would be shown visits OHIP may not cover.
function travelDistance(slot: CandidateSlot, origin: Coordinates): number | null {
  return slot.mode === 'telemedicine' ? null : haversineKm(origin, slot.location);
}

interface RankingContext {
  search: SlotSearch;
  nowMs: number;
  windowMs: number;
}

function rankSlot(slot: CandidateSlot, distanceKm: number | null, weights: ScoringWeights, context: RankingContext): RankedSlot {
  const input: ScoringInput = {
    slot,
    distanceKm,
    maxDistanceKm: context.search.maxDistanceKm,
    nowMs: context.nowMs,
    windowMs: context.windowMs,
    preferences: context.search.preferences ?? {},
  };

  const components = (Object.keys(SCORING_COMPONENTS) as ScoringComponentName[]).map((name) => {
    const { value, explanation } = SCORING_COMPONENTS[name](input);
    const weight = weights[name];
    return { name, value, weight, contribution: weight * value, explanation };
  });
  const score = components.reduce((sum, component) => sum + component.contribution, 0);
  return { slot, score, distanceKm, components };
}

// Equal scores fall back to the earlier slot, then to the slot id, so the order never depends
// on the order the read model returned the candidates in.
function compareRanked(a: RankedSlot, b: RankedSlot): number {
  return b.score - a.score || Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt) || compareStrings(a.slot.slotId, b.slot.slotId);
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
