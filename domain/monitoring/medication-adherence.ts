// Medication adherence from recorded doses: the share of scheduled doses in a window that the
// patient confirmed taking. A dose counts in the window of its scheduled time, not of the time
// it was confirmed, so a late confirmation still counts for the day it belonged to.

import type { TimedAnswer } from './rules';

export interface DoseRecord {
  doseId: string;
  medication: string;
  scheduledFor: string;
  taken: boolean;
}

export interface Adherence {
  confirmed: number;
  missed: number;
  /** Whole percent, or null when no dose was scheduled in the window. */
  percentage: number | null;
}

/** Trailing window behind each derived medication_adherence_pct sample, in days. */
export const ADHERENCE_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;

/** Counts the doses scheduled in (windowStart, windowEnd]. */
export function medicationAdherence(doses: readonly DoseRecord[], windowStart: string, windowEnd: string): Adherence {
  const startMs = Date.parse(windowStart);
  const endMs = Date.parse(windowEnd);
  const inWindow = doses.filter((dose) => {
    const at = Date.parse(dose.scheduledFor);
    return at > startMs && at <= endMs;
  });

  const confirmed = inWindow.filter((dose) => dose.taken).length;
  const missed = inWindow.length - confirmed;
  const percentage = inWindow.length === 0 ? null : Math.round((100 * confirmed) / inWindow.length);
  return { confirmed, missed, percentage };
}

/**
 * Builds the medication_adherence_pct series that escalation rules read: one sample at each
 * scheduled dose time, each the adherence over the trailing ADHERENCE_WINDOW_DAYS.
 */
export function adherenceSeries(doses: readonly DoseRecord[]): TimedAnswer[] {
  const times = [...new Set(doses.map((dose) => dose.scheduledFor))].sort((a, b) => Date.parse(a) - Date.parse(b));

  return times.map((at) => {
    const windowStart = new Date(Date.parse(at) - ADHERENCE_WINDOW_DAYS * DAY_MS).toISOString();
    // Never null: the dose scheduled at `at` lies inside its own window.
    const { percentage } = medicationAdherence(doses, windowStart, at);
    return { answeredAt: at, value: percentage! };
  });
}
