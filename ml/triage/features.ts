// Builds the urgency model's input from a triage session's findings. Mirrors
// ml/training/features.py step for step; the model test replays the held-out KTAS rows through
// this code and must reproduce the metrics the trainer recorded. The last feature is the CTAS
// rules' own level, so the model learns where the rules tend to under-triage.

import { allComplaints, complaintCategories, evaluateTriageRules, findComplaint, type TriageFindings, type VitalSigns } from '../../domain/triage';
import type { ModelCard } from './model-card';

const vitalsInModelOrder = ['systolicPressure', 'diastolicPressure', 'heartRate', 'respiratoryRate', 'temperature', 'oxygenSaturation'] as const satisfies readonly (keyof VitalSigns)[];
const injuryComplaints = ['laceration', 'burn', 'bite-sting', 'upper-limb-injury', 'lower-limb-injury', 'head-injury', 'neck-injury', 'major-trauma'];
const categoryIds = complaintCategories().map((category) => category.id);
const complaintIds = allComplaints().map((complaint) => complaint.id);

/** Writes the feature vector of `findings` into `target` at `offset` (float32, model order). */
export function writeFeatureVector(findings: TriageFindings, card: ModelCard, target: Float32Array, offset = 0): void {
  const vitals = vitalsInModelOrder.map((name) => findings.vitals[name]);
  const imputed = vitals.map((value, index) => value ?? card.imputation[vitalsInModelOrder[index]!]!);
  const category = findComplaint(findings.complaintId)?.category;

  const values = [
    findings.age,
    findings.sex === 'male' ? 1 : 0,
    findings.arrivalMode === 'ambulance' ? 1 : 0,
    isInjury(findings) ? 1 : 0,
    consciousness(findings),
    painScore(findings),
    ...imputed,
    ...vitals.map((value) => (value === undefined ? 1 : 0)),
    imputed[2]! / imputed[0]!,
    ...categoryIds.map((id) => (id === category ? 1 : 0)),
    ...complaintIds.map((id) => (id === findings.complaintId ? 1 : 0)),
    evaluateTriageRules(findings).level,
  ];
  if (values.length !== card.features.length) {
    throw new Error(`feature code builds ${values.length} features but model ${card.modelVersion} expects ${card.features.length}; retrain or update ml/triage/features.ts`);
  }
  target.set(values, offset);
}

function isInjury(findings: TriageFindings): boolean {
  return findings.answers['injury.mechanism'] !== undefined || injuryComplaints.includes(findings.complaintId);
}

/** AVPU as 0 (alert) to 3 (unresponsive); new confusion counts with "voice", as in ACVPU. */
function consciousness(findings: TriageFindings): number {
  switch (findings.answers['common.alertness']) {
    case 'confused':
    case 'voice':
      return 1;
    case 'pain':
      return 2;
    case 'unresponsive':
      return 3;
    default:
      return gcsAsAvpu(findings.vitals.glasgowComaScale);
  }
}

function gcsAsAvpu(gcs: number | undefined): number {
  if (gcs === undefined || gcs >= 14) return 0;
  if (gcs >= 10) return 1;
  if (gcs >= 6) return 2;
  return 3;
}

// NOTE: an unanswered pain question counts as no pain, as KTAS rows without a pain score do. So a
// patient who skips it gets no urgency from pain in the model (the rules treat it the same way).
function painScore(findings: TriageFindings): number {
  const score = findings.answers['common.painScore'];
  return typeof score === 'number' ? score : 0;
}
