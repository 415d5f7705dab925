// Canadian CT Head Rule (Stiell et al., Lancet 2001): after a minor head injury (witnessed loss of
// consciousness, definite amnesia or witnessed disorientation, with GCS 13 to 15), CT is needed
// for any high-risk factor (neurosurgical intervention) or medium-risk factor (brain injury on CT).

import { answeredYes, choiceAnswer, type TriageFindings } from '../findings';
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

const ruleId = 'canadian-ct-head';
const maxHoursSinceInjury = 24;
const highRiskAge = 65;
const dangerousMechanisms = ['pedestrian-or-cyclist-struck', 'vehicle-high-speed', 'fall-1-to-6-m', 'fall-over-6-m'];

const inclusion = [
  criterion('minor-head-injury', 'Blunt head trauma with witnessed loss of consciousness, definite amnesia or witnessed disorientation', 'Traumatisme crânien fermé avec perte de connaissance observée, amnésie certaine ou désorientation observée'),
  criterion('gcs-13-to-15', 'Glasgow Coma Scale 13 to 15', 'Échelle de Glasgow de 13 à 15'),
  criterion('age-16-or-older', 'Age 16 or older', '16 ans ou plus'),
  criterion('within-24-hours', 'Injury within the last 24 hours', 'Blessure datant de 24 heures ou moins'),
];

const exclusions = {
  underAge: criterion('under-16', 'Younger than 16', 'Moins de 16 ans'),
  minimal: criterion('minimal-head-injury', 'No loss of consciousness, amnesia or disorientation (minimal head injury)', 'Ni perte de connaissance, ni amnésie, ni désorientation (traumatisme crânien minime)'),
  lowGcs: criterion('gcs-below-13', 'Glasgow Coma Scale below 13', 'Échelle de Glasgow inférieure à 13'),
  late: criterion('over-24-hours', 'Injury more than 24 hours ago', 'Blessure de plus de 24 heures'),
  penetrating: criterion('penetrating-skull-injury', 'Obvious penetrating skull injury', 'Plaie pénétrante du crâne évidente'),
  focal: criterion('focal-neurological-deficit', 'Acute focal neurological deficit', 'Déficit neurologique focal aigu'),
  unstable: criterion('unstable-vital-signs', 'Unstable vital signs with major trauma', 'Signes vitaux instables avec traumatisme majeur'),
  seizure: criterion('seizure', 'Seizure before assessment', 'Convulsion avant l\'évaluation'),
  bleeding: criterion('bleeding-disorder-or-anticoagulant', 'Bleeding disorder or oral anticoagulant', 'Trouble de la coagulation ou anticoagulant oral'),
  returnVisit: criterion('reassessment', 'Returning for reassessment of the same injury', 'Réévaluation de la même blessure'),
  pregnant: criterion('pregnant', 'Pregnant', 'Enceinte'),
};

const criteria = {
  gcs: criterion('gcs-below-15-at-2-hours', 'High risk: Glasgow Coma Scale below 15 two hours after the injury', 'Risque élevé : échelle de Glasgow inférieure à 15 deux heures après la blessure'),
  fracture: criterion('suspected-open-or-depressed-fracture', 'High risk: suspected open or depressed skull fracture', 'Risque élevé : fracture du crâne ouverte ou enfoncée soupçonnée'),
  basal: criterion('basal-skull-fracture-sign', 'High risk: sign of basal skull fracture', 'Risque élevé : signe de fracture de la base du crâne'),
  vomiting: criterion('vomiting-twice-or-more', 'High risk: vomited two or more times', 'Risque élevé : a vomi deux fois ou plus'),
  age: criterion('age-65-or-older', 'High risk: age 65 or older', 'Risque élevé : 65 ans ou plus'),
  amnesia: criterion('retrograde-amnesia-30-minutes', 'Medium risk: amnesia of 30 minutes or more before the impact', 'Risque moyen : amnésie de 30 minutes ou plus avant l\'impact'),
  mechanism: criterion('dangerous-mechanism', 'Medium risk: dangerous mechanism', 'Risque moyen : mécanisme dangereux'),
  none: criterion('no-risk-factor', 'No high- or medium-risk factor', 'Aucun facteur de risque élevé ou moyen'),
};

const requiredAnswers = [
  'injury.mechanism',
  'injury.hoursSince',
  'head.lossOfConsciousness',
  'head.amnesia',
  'head.disorientation',
  'head.vomitedTwice',
  'head.basalSkullSigns',
  'head.openOrDepressedFracture',
  'head.amnesiaBeforeOver30Min',
  'head.seizure',
  'head.focalDeficit',
  'common.bleedingRisk',
];

export const canadianCtHeadRule: DecisionRule = {
  id: ruleId,
  source: 'Stiell IG et al. Lancet 2001;357:1391-1396',
  inclusion,
  exclusions: Object.values(exclusions),
  apply,
};

function apply(findings: TriageFindings): DecisionRuleOutcome {
  if (findings.complaintId !== 'head-injury') {
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

  const hours = hoursSinceInjury(findings) ?? 0;
  const highRisk = [
    ...(hours >= 2 && estimatedGlasgowComaScale(findings) < 15 ? [criteria.gcs] : []),
    ...(answeredYes(findings, 'head.openOrDepressedFracture') ? [criteria.fracture] : []),
    ...(answeredYes(findings, 'head.basalSkullSigns') ? [criteria.basal] : []),
    ...(answeredYes(findings, 'head.vomitedTwice') ? [criteria.vomiting] : []),
    ...(findings.age >= highRiskAge ? [criteria.age] : []),
  ];
  const mediumRisk = [
    ...(answeredYes(findings, 'head.amnesiaBeforeOver30Min') ? [criteria.amnesia] : []),
    ...(dangerousMechanisms.includes(choiceAnswer(findings, 'injury.mechanism') ?? '') ? [criteria.mechanism] : []),
  ];
  const criteriaMet = [...highRisk, ...mediumRisk];
  if (criteriaMet.length === 0) {
    return { ruleId, status: 'imaging-not-required', criteriaMet: [criteria.none] };
  }
  return { ruleId, status: 'imaging-recommended', imaging: ['ct-head'], criteriaMet };
}

function firstExclusion(findings: TriageFindings): Criterion | undefined {
  const { systolicPressure } = findings.vitals;
  const minorHeadInjury =
    answeredYes(findings, 'head.lossOfConsciousness') || answeredYes(findings, 'head.amnesia') || answeredYes(findings, 'head.disorientation');

  if (findings.age < 16) return exclusions.underAge;
  if (!minorHeadInjury) return exclusions.minimal;
  if (estimatedGlasgowComaScale(findings) < 13) return exclusions.lowGcs;
  if ((hoursSinceInjury(findings) ?? 0) > maxHoursSinceInjury) return exclusions.late;
  if (choiceAnswer(findings, 'injury.mechanism') === 'penetrating') return exclusions.penetrating;
  if (answeredYes(findings, 'head.focalDeficit')) return exclusions.focal;
  if (systolicPressure !== undefined && systolicPressure < 90) return exclusions.unstable;
  if (answeredYes(findings, 'head.seizure')) return exclusions.seizure;
  if (answeredYes(findings, 'common.bleedingRisk')) return exclusions.bleeding;
  if (answeredYes(findings, 'injury.returnVisit')) return exclusions.returnVisit;
  if (isPregnant(findings)) return exclusions.pregnant;
  return undefined;
}
