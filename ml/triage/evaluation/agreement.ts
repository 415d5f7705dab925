// Agreement of triage levels with the expert panel's level, as ml/training/metrics.py computes it.

import type { CtasLevel } from '../../../domain/triage';
import type { AgreementMetrics } from '../model-card';

const levels: readonly CtasLevel[] = [1, 2, 3, 4, 5];

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export function agreement(predicted: readonly CtasLevel[], expert: readonly CtasLevel[]): AgreementMetrics {
  const pairs = expert.map((level, index) => [predicted[index]!, level] as const);
  const count = (test: (predictedLevel: number, expertLevel: number) => boolean) => pairs.filter(([p, e]) => test(p, e)).length;

  return {
    rows: pairs.length,
    exact: round4(count((p, e) => p === e) / pairs.length),
    underTriage: round4(count((p, e) => p > e) / pairs.length),
    overTriage: round4(count((p, e) => p < e) / pairs.length),
    confusion: {
      rowsAreExpertLevels: [...levels],
      columnsArePredictedLevels: [...levels],
      counts: levels.map((row) => levels.map((column) => count((p, e) => e === row && p === column))),
    },
  };
}
