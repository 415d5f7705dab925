// Canadian C-Spine Rule (Stiell et al., JAMA 2001): for alert, stable adults after trauma, image
// the cervical spine when a high-risk factor is present, or when no low-risk factor allows a safe
// range-of-motion test, or when the patient cannot actively rotate the neck 45 degrees each way.

import { answeredNo, answeredYes, choiceAnswer, type TriageFindings } from '../findings';
import {
  criterion,
  estimatedGlasgowComaScale,
  hoursSinceInjury,
  isPregnant,
  missingAnswersReason,
  notApplicable,
  unanswered,
  type Criterion,
  type DecisionRule,
  type DecisionRuleOutcome,
} from './decision-rule';

const ruleId = 'canadian-c-spine';
const maxHoursSinceInjury = 48;
const highRiskAge = 65;
const dangerousMechanisms = ['fall-1-to-6-m', 'fall-over-6-m', 'axial-load', 'vehicle-high-speed', 'motorized-recreational', 'pedestrian-or-cyclist-struck'];

const inclusion = [
  criterion('neck-trauma', 'Blunt trauma with possible neck injury', 'Traumatisme fermé avec possible blessure au cou'),
  criterion('alert-and-stable', 'Alert (Glasgow Coma Scale 15) and stable', 'Alerte (échelle de Glasgow à 15) et stable'),
  criterion('age-16-or-older', 'Age 16 or older', '16 ans ou plus'),
];

const exclusions = {
  underAge: criterion('under-16', 'Younger than 16', 'Moins de 16 ans'),
  notAlert: criterion('gcs-below-15', 'Glasgow Coma Scale below 15', 'Échelle de Glasgow inférieure à 15'),
  unstable: criterion('unstable-vital-signs', 'Unstable vital signs (systolic below 90 mmHg, respiratory rate below 10 or above 24)', 'Signes vitaux instables (systolique sous 90 mmHg, fréquence respiratoire sous 10 ou au-dessus de 24)'),
  late: criterion('over-48-hours', 'Injury more than 48 hours ago', 'Blessure de plus de 48 heures'),
  penetrating: criterion('penetrating-trauma', 'Penetrating trauma', 'Traumatisme pénétrant'),
  paralysis: criterion('acute-paralysis', 'Acute paralysis', 'Paralysie aiguë'),
  spineDisease: criterion('known-vertebral-disease', 'Known vertebral disease or previous cervical spine surgery', 'Maladie vertébrale connue ou chirurgie cervicale antérieure'),
  pregnant: criterion('pregnant', 'Pregnant', 'Enceinte'),
};

const criteria = {
  age: criterion('age-65-or-older', 'High risk: age 65 or older', 'Risque élevé : 65 ans ou plus'),
  mechanism: criterion('dangerous-mechanism', 'High risk: dangerous mechanism', 'Risque élevé : mécanisme dangereux'),
  paresthesias: criterion('paresthesias', 'High risk: paresthesias in the extremities', 'Risque élevé : paresthésies des extrémités'),
  noLowRisk: criterion('no-low-risk-factor', 'No low-risk factor allows a safe range-of-motion test', 'Aucun facteur de faible risque ne permet d\'évaluer la mobilité'),
  cannotRotate: criterion('unable-to-rotate-45', 'Unable to actively rotate the neck 45 degrees left and right', 'Incapable de tourner activement le cou de 45 degrés à gauche et à droite'),
  canRotate: criterion('rotates-45', 'Low risk and able to rotate the neck 45 degrees left and right', 'Faible risque et capable de tourner le cou de 45 degrés à gauche et à droite'),
};

const requiredAnswers = [
  'injury.mechanism',
  'injury.hoursSince',
  'neck.paresthesias',
  'neck.acuteParalysis',
  'neck.knownSpineDisease',
  'neck.walkedSinceInjury',
  'neck.sittingUp',
  'neck.delayedOnset',
  'neck.midlineTender',
];

export const canadianCSpineRule: DecisionRule = {
  id: ruleId,
  source: 'Stiell IG et al. JAMA 2001;286:1841-1848',
  inclusion,
  exclusions: Object.values(exclusions),
  apply,
};

function apply(findings: TriageFindings): DecisionRuleOutcome {
  if (findings.complaintId !== 'neck-injury') {
    return notApplicable(ruleId, inclusion[0]!);
  }
  const missing = unanswered(findings, requiredAnswers);
  if (missing.length > 0) {
    return notApplicable(ruleId, missingAnswersReason(missing), missing);
  }
  const exclusion = firstExclusion(findings);
  if (exclusion) {
    return notApplicable(ruleId, exclusion);
  }

  const highRisk = [
    ...(findings.age >= highRiskAge ? [criteria.age] : []),
    ...(dangerousMechanisms.includes(choiceAnswer(findings, 'injury.mechanism') ?? '') ? [criteria.mechanism] : []),
    ...(answeredYes(findings, 'neck.paresthesias') ? [criteria.paresthesias] : []),
  ];
  if (highRisk.length > 0) {
    return { ruleId, status: 'imaging-recommended', imaging: ['cspine-imaging'], criteriaMet: highRisk };
  }
  if (!hasLowRiskFactor(findings)) {
    return { ruleId, status: 'imaging-recommended', imaging: ['cspine-imaging'], criteriaMet: [criteria.noLowRisk] };
  }

  const rotationMissing = unanswered(findings, ['neck.canRotate45']);
  if (rotationMissing.length > 0) {
    return notApplicable(ruleId, missingAnswersReason(rotationMissing), rotationMissing);
  }
  if (answeredNo(findings, 'neck.canRotate45')) {
    return { ruleId, status: 'imaging-recommended', imaging: ['cspine-imaging'], criteriaMet: [criteria.cannotRotate] };
  }
  return { ruleId, status: 'imaging-not-required', criteriaMet: [criteria.canRotate] };
}

/** Checks the rule's five low-risk factors, any one of which allows the range-of-motion test. */
function hasLowRiskFactor(findings: TriageFindings): boolean {
  return (
    choiceAnswer(findings, 'injury.mechanism') === 'simple-rear-end' ||
    answeredYes(findings, 'neck.sittingUp') ||
    answeredYes(findings, 'neck.walkedSinceInjury') ||
    answeredYes(findings, 'neck.delayedOnset') ||
    answeredNo(findings, 'neck.midlineTender')
  );
}

// Vital signs a patient did not measure are not counted as unstable: the rule's own population
// had them measured, so a clinician must recheck stability before relying on a "not required".
function firstExclusion(findings: TriageFindings): Criterion | undefined {
  const { systolicPressure, respiratoryRate } = findings.vitals;
  if (findings.age < 16) return exclusions.underAge;
  if (estimatedGlasgowComaScale(findings) < 15) return exclusions.notAlert;
  if ((systolicPressure !== undefined && systolicPressure < 90) || (respiratoryRate !== undefined && (respiratoryRate < 10 || respiratoryRate > 24))) {
    return exclusions.unstable;
  }
  if ((hoursSinceInjury(findings) ?? 0) > maxHoursSinceInjury) return exclusions.late;
  if (choiceAnswer(findings, 'injury.mechanism') === 'penetrating') return exclusions.penetrating;
  if (answeredYes(findings, 'neck.acuteParalysis')) return exclusions.paralysis;
  if (answeredYes(findings, 'neck.knownSpineDisease')) return exclusions.spineDisease;
  if (isPregnant(findings)) return exclusions.pregnant;
  return undefined;
}
