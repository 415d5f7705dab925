// Ottawa Ankle Rules (Stiell et al., Ann Emerg Med 1992; JAMA 1993): ankle radiographs only for
// malleolar-zone pain with bone tenderness at the posterior edge or tip of either malleolus or
// inability to bear weight; foot radiographs only for midfoot pain with tenderness at the base of
// the fifth metatarsal or the navicular, or inability to bear weight.

import { answeredYes, choiceAnswer, type TriageFindings } from '../findings';
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

const ruleId = 'ottawa-ankle';
const maxHoursSinceInjury = 10 * 24;

const inclusion = [
  criterion('acute-ankle-injury', 'Acute blunt injury of the ankle or foot', 'Traumatisme fermé aigu de la cheville ou du pied'),
  criterion('adult', 'Age 18 or older', '18 ans ou plus'),
  criterion('within-10-days', 'Injury within the last 10 days', 'Blessure datant de 10 jours ou moins'),
];

const exclusions = {
  underAge: criterion('under-18', 'Younger than 18', 'Moins de 18 ans'),
  pregnant: criterion('pregnant', 'Pregnant', 'Enceinte'),
  skinOnly: criterion('isolated-skin-injury', 'Isolated skin injury', 'Blessure cutanée isolée'),
  late: criterion('over-10-days', 'Injury more than 10 days ago', 'Blessure de plus de 10 jours'),
  returnVisit: criterion('reassessment', 'Returning for reassessment of the same injury', 'Réévaluation de la même blessure'),
  unreliable: criterion('unreliable-examination', 'Intoxicated, altered consciousness or multiple injuries', 'Intoxication, altération de la conscience ou blessures multiples'),
  reducedSensation: criterion('diminished-sensation', 'Diminished sensation from a neurological deficit', 'Sensibilité diminuée par un déficit neurologique'),
};

const criteria = {
  lateral: criterion('lateral-malleolus-tenderness', 'Bone tenderness at the posterior edge or tip of the lateral malleolus', 'Sensibilité osseuse au bord postérieur ou à la pointe de la malléole externe'),
  medial: criterion('medial-malleolus-tenderness', 'Bone tenderness at the posterior edge or tip of the medial malleolus', 'Sensibilité osseuse au bord postérieur ou à la pointe de la malléole interne'),
  fifthMetatarsal: criterion('fifth-metatarsal-tenderness', 'Bone tenderness at the base of the fifth metatarsal', 'Sensibilité osseuse à la base du cinquième métatarsien'),
  navicular: criterion('navicular-tenderness', 'Bone tenderness at the navicular', 'Sensibilité osseuse au scaphoïde tarsien'),
  weight: criterion('unable-to-bear-weight', 'Unable to take 4 steps both right after the injury and now', 'Incapable de faire 4 pas juste après la blessure et maintenant'),
  noZonePain: criterion('no-malleolar-or-midfoot-pain', 'No pain in the malleolar zone or the midfoot', 'Aucune douleur dans la zone malléolaire ou au milieu du pied'),
  noCriterion: criterion('no-ottawa-criterion', 'No Ottawa criterion present', 'Aucun critère d\'Ottawa présent'),
};

export const ottawaAnkleRule: DecisionRule = {
  id: ruleId,
  source: 'Stiell IG et al. Ann Emerg Med 1992;21:384-390 and JAMA 1993;269:1127-1132',
  inclusion,
  exclusions: Object.values(exclusions),
  apply,
};

function apply(findings: TriageFindings): DecisionRuleOutcome {
  if (findings.complaintId !== 'lower-limb-injury' || choiceAnswer(findings, 'limb.site') !== 'ankle-foot') {
    return notApplicable(ruleId, inclusion[0]!, unanswered(findings, ['limb.site']));
  }
  const missing = unanswered(findings, ['injury.hoursSince', 'ankle.malleolarPain', 'ankle.midfootPain']);
  if (missing.length > 0) {
    return notApplicable(ruleId, missingAnswersReason(missing), missing);
  }
  const exclusion = firstExclusion(findings);
  if (exclusion) {
    return notApplicable(ruleId, exclusion);
  }
  return applyCriteria(findings);
}

function firstExclusion(findings: TriageFindings): Criterion | undefined {
  if (findings.age < 18) return exclusions.underAge;
  if (isPregnant(findings)) return exclusions.pregnant;
  if (answeredYes(findings, 'injury.skinOnly')) return exclusions.skinOnly;
  if ((hoursSinceInjury(findings) ?? 0) > maxHoursSinceInjury) return exclusions.late;
  if (answeredYes(findings, 'injury.returnVisit')) return exclusions.returnVisit;
  if (answeredYes(findings, 'injury.intoxicated') || answeredYes(findings, 'injury.multipleInjuries') || alteredAlertness(findings)) {
    return exclusions.unreliable;
  }
  if (answeredYes(findings, 'limb.reducedSensation')) return exclusions.reducedSensation;
  return undefined;
}

function applyCriteria(findings: TriageFindings): DecisionRuleOutcome {
  const malleolar = answeredYes(findings, 'ankle.malleolarPain');
  const midfoot = answeredYes(findings, 'ankle.midfootPain');
  if (!malleolar && !midfoot) {
    return { ruleId, status: 'imaging-not-required', criteriaMet: [criteria.noZonePain] };
  }

  const needed = [
    'limb.walkedRightAfter',
    'limb.walksNow',
    ...(malleolar ? ['ankle.lateralMalleolusTender', 'ankle.medialMalleolusTender'] : []),
    ...(midfoot ? ['ankle.fifthMetatarsalTender', 'ankle.navicularTender'] : []),
  ];
  const missing = unanswered(findings, needed);
  if (missing.length > 0) {
    return notApplicable(ruleId, missingAnswersReason(missing), missing);
  }

  const weight = unableToBearWeight(findings);
  const ankleMet = malleolar
    ? [
        ...(answeredYes(findings, 'ankle.lateralMalleolusTender') ? [criteria.lateral] : []),
        ...(answeredYes(findings, 'ankle.medialMalleolusTender') ? [criteria.medial] : []),
        ...(weight ? [criteria.weight] : []),
      ]
    : [];
  const footMet = midfoot
    ? [
        ...(answeredYes(findings, 'ankle.fifthMetatarsalTender') ? [criteria.fifthMetatarsal] : []),
        ...(answeredYes(findings, 'ankle.navicularTender') ? [criteria.navicular] : []),
        ...(weight ? [criteria.weight] : []),
      ]
    : [];

  const imaging = [...(ankleMet.length > 0 ? ['ankle-xray'] : []), ...(footMet.length > 0 ? ['foot-xray'] : [])];
  if (imaging.length === 0) {
    return { ruleId, status: 'imaging-not-required', criteriaMet: [criteria.noCriterion] };
  }
  const criteriaMet = [...new Map([...ankleMet, ...footMet].map((met) => [met.id, met])).values()];
  return { ruleId, status: 'imaging-recommended', imaging, criteriaMet };
}

