// Scores the rules alone, the model alone and their combination against the expert KTAS level
// on the held-out rows the model never saw, beside the triage nurses on the same rows.

import { combineLevels, evaluateTriageRules, type CtasLevel } from '../../../domain/triage';
import type { AgreementMetrics } from '../model-card';
import { readKtasRows, type KtasRow } from '../ktas';
import type { UrgencyModel } from '../urgency-model';
import { agreement } from './agreement';

export interface KtasEvaluation {
  heldoutRows: number;
  unclassifiedComplaints: number;
  rules: AgreementMetrics;
  model: AgreementMetrics;
  combined: AgreementMetrics;
  nurses: AgreementMetrics;
}

export async function evaluateOnHeldoutRows(model: UrgencyModel, rows: readonly KtasRow[] = readKtasRows(undefined, model.card.unclassifiedComplaint)): Promise<KtasEvaluation> {
  const heldout = model.card.split.heldoutRowIndices.map((index) => rows[index]!);
  const expert = heldout.map((row) => row.expertLevel);

  const rulesLevels = heldout.map((row) => evaluateTriageRules(row.findings).level);
  const modelLevels = (await model.assessMany(heldout.map((row) => row.findings))).map((result) => result.level);
  const combinedLevels = rulesLevels.map((level, index): CtasLevel => combineLevels(level, modelLevels[index]));

  return {
    heldoutRows: heldout.length,
    unclassifiedComplaints: heldout.filter((row) => row.chiefComplaint.replace(/[?\s]/g, '') === '').length,
    rules: agreement(rulesLevels, expert),
    model: agreement(modelLevels, expert),
    combined: agreement(combinedLevels, expert),
    nurses: agreement(heldout.map((row) => row.nurseLevel), expert),
  };
}
