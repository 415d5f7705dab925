// Ottawa Knee Rule (Stiell et al., Ann Emerg Med 1995; JAMA 1996): knee radiographs only for age
// 55 or older, isolated patellar tenderness, fibular head tenderness, inability to flex to 90
// degrees, or inability to bear weight both immediately and at assessment.

import { answeredNo, answeredYes, choiceAnswer, type TriageFindings } from '../findings';
import {
  alteredAlertness,
  criterion,
  hoursSinceInjury,
  isPregnant,
  missingAnswersReason,
  notApplicable,
  unableToBearWeight,
  unanswered,
  type Criterion,
  type DecisionRule,
  type DecisionRuleOutcome,
} from './decision-rule';

const ruleId = 'ottawa-knee';
const maxHoursSinceInjury = 7 * 24;
const olderAdultAge = 55;

const inclusion = [
  criterion('acute-knee-injury', 'Acute blunt injury of the knee', 'Traumatisme fermé aigu du genou'),
  criterion('adult', 'Age 18 or older', '18 ans ou plus'),
  criterion('within-7-days', 'Injury within the last 7 days', 'Blessure datant de 7 jours ou moins'),
];

const exclusions = {
  underAge: criterion('under-18', 'Younger than 18', 'Moins de 18 ans'),
  pregnant: criterion('pregnant', 'Pregnant', 'Enceinte'),
  skinOnly: criterion('isolated-skin-injury', 'Isolated skin injury', 'Blessure cutanée isolée'),
  late: criterion('over-7-days', 'Injury more than 7 days ago', 'Blessure de plus de 7 jours'),
  returnVisit: criterion('reassessment', 'Returning for reassessment of the same injury', 'Réévaluation de la même blessure'),
  alteredConsciousness: criterion('altered-consciousness', 'Altered level of consciousness', 'Altération de l\'état de conscience'),
  multipleInjuries: criterion('multiple-injuries', 'Multiple injuries', 'Blessures multiples'),
  paraplegia: criterion('paraplegia', 'Paraplegia or diminished sensation in the leg', 'Paraplégie ou sensibilité diminuée dans la jambe'),
};

const criteria = {
  age: criterion('age-55-or-older', 'Age 55 or older', '55 ans ou plus'),
  patella: criterion('isolated-patellar-tenderness', 'Isolated tenderness of the patella', 'Sensibilité isolée de la rotule'),
  fibula: criterion('fibular-head-tenderness', 'Tenderness at the head of the fibula', 'Sensibilité de la tête du péroné'),
  flexion: criterion('unable-to-flex-90', 'Unable to flex the knee to 90 degrees', 'Incapable de fléchir le genou à 90 degrés'),
  weight: criterion('unable-to-bear-weight', 'Unable to take 4 steps both right after the injury and now', 'Incapable de faire 4 pas juste après la blessure et maintenant'),
  none: criterion('no-ottawa-criterion', 'No Ottawa criterion present', 'Aucun critère d\'Ottawa présent'),
};

const requiredAnswers = [
  'injury.hoursSince',
  'knee.isolatedPatellaTender',
  'knee.fibulaHeadTender',
  'knee.canFlex90',
  'limb.walkedRightAfter',
  'limb.walksNow',
];

export const ottawaKneeRule: DecisionRule = {
  id: ruleId,
  source: 'Stiell IG et al. Ann Emerg Med 1995;26:405-413 and JAMA 1996;275:611-615',
  inclusion,
  exclusions: Object.values(exclusions),
  apply,
};

function apply(findings: TriageFindings): DecisionRuleOutcome {
  if (findings.complaintId !== 'lower-limb-injury' || choiceAnswer(findings, 'limb.site') !== 'knee') {
    return notApplicable(ruleId, inclusion[0]!, unanswered(findings, ['limb.site']));
  }
  const missing = unanswered(findings, requiredAnswers);
  if (missing.length > 0) {
    return notApplicable(ruleId, missingAnswersReason(missing), missing);
  }
  const exclusion = firstExclusion(findings);
  if (exclusion) {
    return notApplicable(ruleId, exclusion);
  }

  const criteriaMet = [
    ...(findings.age >= olderAdultAge ? [criteria.age] : []),
    ...(answeredYes(findings, 'knee.isolatedPatellaTender') ? [criteria.patella] : []),
    ...(answeredYes(findings, 'knee.fibulaHeadTender') ? [criteria.fibula] : []),
    ...(answeredNo(findings, 'knee.canFlex90') ? [criteria.flexion] : []),
    ...(unableToBearWeight(findings) ? [criteria.weight] : []),
  ];
  if (criteriaMet.length === 0) {
    return { ruleId, status: 'imaging-not-required', criteriaMet: [criteria.none] };
  }
  return { ruleId, status: 'imaging-recommended', imaging: ['knee-xray'], criteriaMet };
}

function firstExclusion(findings: TriageFindings): Criterion | undefined {
  if (findings.age < 18) return exclusions.underAge;
  if (isPregnant(findings)) return exclusions.pregnant;
  if (answeredYes(findings, 'injury.skinOnly')) return exclusions.skinOnly;
  if ((hoursSinceInjury(findings) ?? 0) > maxHoursSinceInjury) return exclusions.late;
  if (answeredYes(findings, 'injury.returnVisit')) return exclusions.returnVisit;
  if (alteredAlertness(findings) || answeredYes(findings, 'injury.intoxicated')) return exclusions.alteredConsciousness;
  if (answeredYes(findings, 'injury.multipleInjuries')) return exclusions.multipleInjuries;
  if (answeredYes(findings, 'limb.reducedSensation')) return exclusions.paraplegia;
  return undefined;
}
