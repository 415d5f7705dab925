// The JSON sidecar written next to the ONNX model by ml/training/train.py: what the model was
// trained on, how to build its input, how to turn its probabilities into a level, and the
// metrics it reached on the held-out KTAS rows.

import { readFileSync } from 'node:fs';

import { repositoryPath } from '../../infra/config/shared-data';

export interface AgreementMetrics {
  rows: number;
  exact: number;
  underTriage: number;
  overTriage: number;
  confusion: { rowsAreExpertLevels: number[]; columnsArePredictedLevels: number[]; counts: number[][] };
}

export interface ModelCard {
  modelVersion: string;
  onnxFile: string;
  onnxSha256: string;
  trainingData: { file: string; sha256: string; rows: number; source: string; label: string };
  split: { seed: number; heldoutFraction: number; trainingRows: number; heldoutRowIndices: number[] };
  complaintClassifierVersion: string;
  /** The CTAS rule table whose levels the model saw as a feature and was combined with in selection. */
  ruleTableVersion: string;
  unclassifiedComplaint: string;
  features: string[];
  imputation: Record<string, number>;
  input: { name: string; shape: [null, number] };
  outputs: { label: string; probabilities: string; probabilityColumns: number[] };
  decision: { rule: 'cumulative-threshold'; threshold: number; underTriageCostPerOverTriageCost: number };
  algorithm: string;
  selection: ModelSelection;
  metrics: { heldout: { model: AgreementMetrics; combined: AgreementMetrics; nurses: AgreementMetrics }; allSharedRows: { nurses: AgreementMetrics } };
}

/** Exact agreement, under-triage and over-triage, each a mean over the cross-validation repeats. */
export interface CrossValidatedRates {
  exact: number;
  underTriage: number;
  overTriage: number;
}

/** The record of how ml/training/selection.py chose the model, on the training rows only. */
export interface ModelSelection {
  method: string;
  objective: string;
  chosen: SelectionCandidate;
  bestPerFamilyAndWeights: SelectionCandidate[];
  /** The chosen family and weighting at every threshold tried: the under/over-triage trade-off. */
  chosenSettingAtEachThreshold: Array<{ threshold: number; combined: CrossValidatedRates }>;
  rulesAloneOnTrainingRows: CrossValidatedRates;
  exactAgreementCeiling: Array<{ family: string; classWeights: string; modelMostLikelyLevel: CrossValidatedRates; combinedWithRules: CrossValidatedRates }>;
}

export interface SelectionCandidate {
  family: string;
  classWeights: string;
  threshold: number;
  combined: CrossValidatedRates;
  model: CrossValidatedRates;
}

export const defaultModelDirectory = repositoryPath('ml', 'models');

export function readModelCard(directory = defaultModelDirectory, name = 'triage-urgency'): ModelCard {
  const file = `${directory}/${name}.json`;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ModelCard;
  } catch (error) {
    throw new Error(`could not read the urgency model card ${file}; run python3 ml/training/train.py to create it (${String(error)})`);
  }
}
