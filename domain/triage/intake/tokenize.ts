// Turns patient text into the features the complaint classifier was trained on. These steps
// mirror ml/training/text_features.py; the classifier tests replay the trainer's held-out
// predictions to catch any drift between the two.

const CHARACTER_NGRAM_SIZES = [3, 4] as const;

/** Lowercases, folds accents and ligatures, and keeps only ASCII letters and digits. */
export function normalizeText(text: string): string {
  const withoutMarks = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const folded = withoutMarks.replace(/œ/g, 'oe').replace(/æ/g, 'ae');
  return folded.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Returns word features ("w:pain") and word-internal character n-grams ("c:<pa"). */
export function textFeatures(text: string, stopwords: ReadonlySet<string>): string[] {
  const words = normalizeText(text)
    .split(' ')
    .filter((word) => word.length > 0 && !stopwords.has(word));

  const features: string[] = [];
  for (const word of words) {
    features.push(`w:${word}`);
    const padded = `<${word}>`;
    for (const size of CHARACTER_NGRAM_SIZES) {
      for (let start = 0; start + size <= padded.length; start++) {
        features.push(`c:${padded.slice(start, start + size)}`);
      }
    }
  }
  return features;
}
