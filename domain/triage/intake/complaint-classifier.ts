// The free-text complaint classifier: multinomial naive Bayes over words and character n-grams,
// trained offline by ml/training/complaint_classifier.py on English and French example phrases.
// Measured on phrases it never saw: see `classifierMetrics` (about 80 % top-1, 91 % top-3 at
// the time of writing), so the patient confirms the suggestion before the session starts.

import model from './complaint-classifier.json';
import { textFeatures } from './tokenize';

export interface ComplaintSuggestion {
  complaintId: string;
  /** Posterior probability under the model, 0..1; naive Bayes is overconfident, so use it to rank. */
  probability: number;
}

export interface ComplaintClassification {
  /** The most likely complaint, or null when the text shares no feature with any training phrase. */
  complaintId: string | null;
  probability: number;
  /** The three most likely complaints, best first. */
  suggestions: ComplaintSuggestion[];
  classifierVersion: string;
}

const stopwords: ReadonlySet<string> = new Set(model.tokenizer.stopwords);
const logLikelihood = model.logLikelihood as Record<string, Record<string, number>>;

export const classifierVersion: string = model.version;
export const classifierMetrics = model.metrics;

/** Classifies patient text (English or French) into complaint ids of the catalogue. */
export function classifyComplaintText(text: string): ComplaintClassification {
  const known = textFeatures(text, stopwords).filter((feature) => feature in logLikelihood);
  if (known.length === 0) {
    return { complaintId: null, probability: 0, suggestions: [], classifierVersion };
  }

  const scores = model.classes.map((_, index) => scoreClass(index, known));
  const probabilities = softmax(scores);
  const ranked = model.classes
    .map((complaintId, index) => ({ complaintId, probability: probabilities[index]!, score: scores[index]!, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const best = ranked[0]!;
  return {
    complaintId: best.complaintId,
    probability: best.probability,
    suggestions: ranked.slice(0, 3).map(({ complaintId, probability }) => ({ complaintId, probability })),
    classifierVersion,
  };
}

// Sums in the same order as the trainer (prior first, then features in text order), so the
// float totals and therefore the ties match the Python reference exactly.
function scoreClass(classIndex: number, features: readonly string[]): number {
  const key = String(classIndex);
  let total = model.logPrior[classIndex]!;
  for (const feature of features) {
    total += logLikelihood[feature]![key] ?? model.logUnseen[classIndex]!;
  }
  return total;
}

function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exponentials = scores.map((score) => Math.exp(score - max));
  const sum = exponentials.reduce((a, b) => a + b, 0);
  return exponentials.map((value) => value / sum);
}
