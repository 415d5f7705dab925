import type { Answer } from '../intake/catalogue';
import { findingsFor } from '../fixtures';
import type { TriageFindings } from '../findings';
import { canadianCSpineRule, canadianCtHeadRule, ottawaAnkleRule, ottawaKneeRule, type DecisionRuleOutcome } from '.';

type Answers = Record<string, Answer>;

function summary(outcome: DecisionRuleOutcome): string {
  switch (outcome.status) {
    case 'not-applicable':
      return `not-applicable:${outcome.reason.id}`;
    case 'imaging-recommended':
      return `imaging:${outcome.criteriaMet.map((criterion) => criterion.id).join('+')}`;
    case 'imaging-not-required':
      return `no-imaging:${outcome.criteriaMet.map((criterion) => criterion.id).join('+')}`;
  }
}

describe('Ottawa Ankle Rules', () => {
  const negativeAnkle: Answers = {
    'limb.site': 'ankle-foot', 'injury.hoursSince': 2, 'ankle.malleolarPain': true, 'ankle.midfootPain': false,
    'ankle.lateralMalleolusTender': false, 'ankle.medialMalleolusTender': false, 'limb.walkedRightAfter': true, 'limb.walksNow': true,
  };
  const negativeFoot: Answers = {
    ...negativeAnkle, 'ankle.malleolarPain': false, 'ankle.midfootPain': true, 'ankle.fifthMetatarsalTender': false, 'ankle.navicularTender': false,
  };
  const apply = (answers: Answers, options: Partial<TriageFindings> = {}) =>
    ottawaAnkleRule.apply(findingsFor({ complaintId: 'lower-limb-injury', answers, ...options }));

  it.each<[string, Answers, Partial<TriageFindings>, string]>([
    ['no ankle criterion', negativeAnkle, {}, 'no-imaging:no-ottawa-criterion'],
    ['lateral malleolus tenderness', { ...negativeAnkle, 'ankle.lateralMalleolusTender': true }, {}, 'imaging:lateral-malleolus-tenderness'],
    ['medial malleolus tenderness', { ...negativeAnkle, 'ankle.medialMalleolusTender': true }, {}, 'imaging:medial-malleolus-tenderness'],
    ['unable to bear weight then and now', { ...negativeAnkle, 'limb.walkedRightAfter': false, 'limb.walksNow': false }, {}, 'imaging:unable-to-bear-weight'],
    ['walked right after, not now', { ...negativeAnkle, 'limb.walkedRightAfter': true, 'limb.walksNow': false }, {}, 'no-imaging:no-ottawa-criterion'],
    ['no foot criterion', negativeFoot, {}, 'no-imaging:no-ottawa-criterion'],
    ['fifth metatarsal tenderness', { ...negativeFoot, 'ankle.fifthMetatarsalTender': true }, {}, 'imaging:fifth-metatarsal-tenderness'],
    ['navicular tenderness', { ...negativeFoot, 'ankle.navicularTender': true }, {}, 'imaging:navicular-tenderness'],
    ['no zone pain', { ...negativeAnkle, 'ankle.malleolarPain': false }, {}, 'no-imaging:no-malleolar-or-midfoot-pain'],
    ['age 18 included', negativeAnkle, { age: 18 }, 'no-imaging:no-ottawa-criterion'],
    ['age 17 excluded', negativeAnkle, { age: 17 }, 'not-applicable:under-18'],
    ['240 hours included', { ...negativeAnkle, 'injury.hoursSince': 240 }, {}, 'no-imaging:no-ottawa-criterion'],
    ['241 hours excluded', { ...negativeAnkle, 'injury.hoursSince': 241 }, {}, 'not-applicable:over-10-days'],
    ['pregnant excluded', { ...negativeAnkle, 'common.pregnant': 'yes' }, {}, 'not-applicable:pregnant'],
    ['skin only excluded', { ...negativeAnkle, 'injury.skinOnly': true }, {}, 'not-applicable:isolated-skin-injury'],
    ['return visit excluded', { ...negativeAnkle, 'injury.returnVisit': true }, {}, 'not-applicable:reassessment'],
    ['intoxicated excluded', { ...negativeAnkle, 'injury.intoxicated': true }, {}, 'not-applicable:unreliable-examination'],
    ['multiple injuries excluded', { ...negativeAnkle, 'injury.multipleInjuries': true }, {}, 'not-applicable:unreliable-examination'],
    ['confused excluded', { ...negativeAnkle, 'common.alertness': 'confused' }, {}, 'not-applicable:unreliable-examination'],
    ['diminished sensation excluded', { ...negativeAnkle, 'limb.reducedSensation': true }, {}, 'not-applicable:diminished-sensation'],
    ['knee site declined', { ...negativeAnkle, 'limb.site': 'knee' }, {}, 'not-applicable:acute-ankle-injury'],
    ['missing weight answers', { ...negativeAnkle, 'limb.walksNow': undefined as unknown as Answer }, {}, 'not-applicable:missing-answers'],
  ])('%s', (_, answers, options, expected) => {
    expect(summary(apply(Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)), options))).toBe(expected);
  });

  it('declines other complaints', () => {
    expect(summary(ottawaAnkleRule.apply(findingsFor({ complaintId: 'headache' })))).toBe('not-applicable:acute-ankle-injury');
  });

  it('orders ankle and foot films together', () => {
    const outcome = apply({ ...negativeAnkle, 'ankle.midfootPain': true, 'ankle.fifthMetatarsalTender': false, 'ankle.navicularTender': false, 'limb.walkedRightAfter': false, 'limb.walksNow': false });

    expect(outcome.status).toBe('imaging-recommended');
    expect(outcome.status === 'imaging-recommended' ? outcome.imaging : []).toEqual(['ankle-xray', 'foot-xray']);
  });
});

describe('Ottawa Knee Rule', () => {
  const negative: Answers = {
    'limb.site': 'knee', 'injury.hoursSince': 3, 'knee.isolatedPatellaTender': false, 'knee.fibulaHeadTender': false,
    'knee.canFlex90': true, 'limb.walkedRightAfter': true, 'limb.walksNow': true,
  };
  const apply = (answers: Answers, options: Partial<TriageFindings> = {}) =>
    ottawaKneeRule.apply(findingsFor({ complaintId: 'lower-limb-injury', answers, ...options }));

  it.each<[string, Answers, Partial<TriageFindings>, string]>([
    ['no criterion at 54', negative, { age: 54 }, 'no-imaging:no-ottawa-criterion'],
    ['age 55', negative, { age: 55 }, 'imaging:age-55-or-older'],
    ['isolated patellar tenderness', { ...negative, 'knee.isolatedPatellaTender': true }, {}, 'imaging:isolated-patellar-tenderness'],
    ['fibular head tenderness', { ...negative, 'knee.fibulaHeadTender': true }, {}, 'imaging:fibular-head-tenderness'],
    ['cannot flex to 90', { ...negative, 'knee.canFlex90': false }, {}, 'imaging:unable-to-flex-90'],
    ['cannot bear weight', { ...negative, 'limb.walkedRightAfter': false, 'limb.walksNow': false }, {}, 'imaging:unable-to-bear-weight'],
    ['168 hours included', { ...negative, 'injury.hoursSince': 168 }, {}, 'no-imaging:no-ottawa-criterion'],
    ['169 hours excluded', { ...negative, 'injury.hoursSince': 169 }, {}, 'not-applicable:over-7-days'],
    ['age 17 excluded', negative, { age: 17 }, 'not-applicable:under-18'],
    ['pregnant excluded', { ...negative, 'common.pregnant': 'yes' }, {}, 'not-applicable:pregnant'],
    ['skin only excluded', { ...negative, 'injury.skinOnly': true }, {}, 'not-applicable:isolated-skin-injury'],
    ['return visit excluded', { ...negative, 'injury.returnVisit': true }, {}, 'not-applicable:reassessment'],
    ['altered consciousness excluded', { ...negative, 'common.alertness': 'voice' }, {}, 'not-applicable:altered-consciousness'],
    ['multiple injuries excluded', { ...negative, 'injury.multipleInjuries': true }, {}, 'not-applicable:multiple-injuries'],
    ['paraplegia excluded', { ...negative, 'limb.reducedSensation': true }, {}, 'not-applicable:paraplegia'],
    ['ankle site declined', { ...negative, 'limb.site': 'ankle-foot' }, {}, 'not-applicable:acute-knee-injury'],
    ['missing flexion answer', { ...negative, 'knee.canFlex90': undefined as unknown as Answer }, {}, 'not-applicable:missing-answers'],
  ])('%s', (_, answers, options, expected) => {
    expect(summary(apply(Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)), options))).toBe(expected);
  });
});

describe('Canadian C-Spine Rule', () => {
  const lowRisk: Answers = {
    'injury.mechanism': 'minor', 'injury.hoursSince': 1, 'neck.paresthesias': false, 'neck.acuteParalysis': false, 'neck.knownSpineDisease': false,
    'neck.walkedSinceInjury': true, 'neck.sittingUp': true, 'neck.delayedOnset': false, 'neck.midlineTender': true, 'neck.canRotate45': true,
  };
  const noLowRiskFactor: Answers = { ...lowRisk, 'neck.walkedSinceInjury': false, 'neck.sittingUp': false, 'neck.delayedOnset': false, 'neck.midlineTender': true };
  const apply = (answers: Answers, options: Partial<TriageFindings> = {}) =>
    canadianCSpineRule.apply(findingsFor({ complaintId: 'neck-injury', answers, ...options }));

  it.each<[string, Answers, Partial<TriageFindings>, string]>([
    ['low risk and rotates', lowRisk, {}, 'no-imaging:rotates-45'],
    ['low risk, cannot rotate', { ...lowRisk, 'neck.canRotate45': false }, {}, 'imaging:unable-to-rotate-45'],
    ['age 64 is not high risk', lowRisk, { age: 64 }, 'no-imaging:rotates-45'],
    ['age 65 is high risk', lowRisk, { age: 65 }, 'imaging:age-65-or-older'],
    ['fall from 1 to 6 m is dangerous', { ...lowRisk, 'injury.mechanism': 'fall-1-to-6-m' }, {}, 'imaging:dangerous-mechanism'],
    ['axial load is dangerous', { ...lowRisk, 'injury.mechanism': 'axial-load' }, {}, 'imaging:dangerous-mechanism'],
    ['high-speed crash is dangerous', { ...lowRisk, 'injury.mechanism': 'vehicle-high-speed' }, {}, 'imaging:dangerous-mechanism'],
    ['recreational vehicle is dangerous', { ...lowRisk, 'injury.mechanism': 'motorized-recreational' }, {}, 'imaging:dangerous-mechanism'],
    ['bicycle struck is dangerous', { ...lowRisk, 'injury.mechanism': 'pedestrian-or-cyclist-struck' }, {}, 'imaging:dangerous-mechanism'],
    ['paresthesias', { ...lowRisk, 'neck.paresthesias': true }, {}, 'imaging:paresthesias'],
    ['no low-risk factor', noLowRiskFactor, {}, 'imaging:no-low-risk-factor'],
    ['simple rear-end is low risk', { ...noLowRiskFactor, 'injury.mechanism': 'simple-rear-end' }, {}, 'no-imaging:rotates-45'],
    ['sitting is low risk', { ...noLowRiskFactor, 'neck.sittingUp': true }, {}, 'no-imaging:rotates-45'],
    ['ambulatory is low risk', { ...noLowRiskFactor, 'neck.walkedSinceInjury': true }, {}, 'no-imaging:rotates-45'],
    ['delayed onset is low risk', { ...noLowRiskFactor, 'neck.delayedOnset': true }, {}, 'no-imaging:rotates-45'],
    ['no midline tenderness is low risk', { ...noLowRiskFactor, 'neck.midlineTender': false }, {}, 'no-imaging:rotates-45'],
    ['age 16 included', lowRisk, { age: 16 }, 'no-imaging:rotates-45'],
    ['age 15 excluded', lowRisk, { age: 15 }, 'not-applicable:under-16'],
    ['GCS 14 excluded', lowRisk, { vitals: { glasgowComaScale: 14 } }, 'not-applicable:gcs-below-15'],
    ['confused excluded', { ...lowRisk, 'common.alertness': 'confused' }, {}, 'not-applicable:gcs-below-15'],
    ['systolic 89 excluded', lowRisk, { vitals: { systolicPressure: 89 } }, 'not-applicable:unstable-vital-signs'],
    ['systolic 90 included', lowRisk, { vitals: { systolicPressure: 90 } }, 'no-imaging:rotates-45'],
    ['respiratory rate 9 excluded', lowRisk, { vitals: { respiratoryRate: 9 } }, 'not-applicable:unstable-vital-signs'],
    ['respiratory rate 25 excluded', lowRisk, { vitals: { respiratoryRate: 25 } }, 'not-applicable:unstable-vital-signs'],
    ['respiratory rate 24 included', lowRisk, { vitals: { respiratoryRate: 24 } }, 'no-imaging:rotates-45'],
    ['48 hours included', { ...lowRisk, 'injury.hoursSince': 48 }, {}, 'no-imaging:rotates-45'],
    ['49 hours excluded', { ...lowRisk, 'injury.hoursSince': 49 }, {}, 'not-applicable:over-48-hours'],
    ['penetrating excluded', { ...lowRisk, 'injury.mechanism': 'penetrating' }, {}, 'not-applicable:penetrating-trauma'],
    ['paralysis excluded', { ...lowRisk, 'neck.acuteParalysis': true }, {}, 'not-applicable:acute-paralysis'],
    ['spine disease excluded', { ...lowRisk, 'neck.knownSpineDisease': true }, {}, 'not-applicable:known-vertebral-disease'],
    ['pregnant excluded', { ...lowRisk, 'common.pregnant': 'yes' }, {}, 'not-applicable:pregnant'],
    ['missing midline answer', { ...lowRisk, 'neck.midlineTender': undefined as unknown as Answer }, {}, 'not-applicable:missing-answers'],
  ])('%s', (_, answers, options, expected) => {
    expect(summary(apply(Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)), options))).toBe(expected);
  });

  it('declines other complaints', () => {
    expect(summary(canadianCSpineRule.apply(findingsFor({ complaintId: 'back-pain' })))).toBe('not-applicable:neck-trauma');
  });
});

describe('Canadian CT Head Rule', () => {
  const minorInjury: Answers = {
    'injury.mechanism': 'minor', 'injury.hoursSince': 3, 'head.lossOfConsciousness': true, 'head.amnesia': false, 'head.disorientation': false,
    'head.vomitedTwice': false, 'head.basalSkullSigns': false, 'head.openOrDepressedFracture': false, 'head.amnesiaBeforeOver30Min': false,
    'head.seizure': false, 'head.focalDeficit': false, 'common.bleedingRisk': false,
  };
  const apply = (answers: Answers, options: Partial<TriageFindings> = {}) =>
    canadianCtHeadRule.apply(findingsFor({ complaintId: 'head-injury', answers, ...options }));

  it.each<[string, Answers, Partial<TriageFindings>, string]>([
    ['no risk factor', minorInjury, {}, 'no-imaging:no-risk-factor'],
    ['amnesia alone qualifies', { ...minorInjury, 'head.lossOfConsciousness': false, 'head.amnesia': true }, {}, 'no-imaging:no-risk-factor'],
    ['disorientation alone qualifies', { ...minorInjury, 'head.lossOfConsciousness': false, 'head.disorientation': true }, {}, 'no-imaging:no-risk-factor'],
    ['GCS 14 at 2 hours', minorInjury, { vitals: { glasgowComaScale: 14 } }, 'imaging:gcs-below-15-at-2-hours'],
    ['GCS 14 before 2 hours', { ...minorInjury, 'injury.hoursSince': 1 }, { vitals: { glasgowComaScale: 14 } }, 'no-imaging:no-risk-factor'],
    ['suspected depressed fracture', { ...minorInjury, 'head.openOrDepressedFracture': true }, {}, 'imaging:suspected-open-or-depressed-fracture'],
    ['basal skull fracture sign', { ...minorInjury, 'head.basalSkullSigns': true }, {}, 'imaging:basal-skull-fracture-sign'],
    ['vomited twice', { ...minorInjury, 'head.vomitedTwice': true }, {}, 'imaging:vomiting-twice-or-more'],
    ['age 64', minorInjury, { age: 64 }, 'no-imaging:no-risk-factor'],
    ['age 65', minorInjury, { age: 65 }, 'imaging:age-65-or-older'],
    ['retrograde amnesia 30 minutes', { ...minorInjury, 'head.amnesiaBeforeOver30Min': true }, {}, 'imaging:retrograde-amnesia-30-minutes'],
    ['pedestrian struck', { ...minorInjury, 'injury.mechanism': 'pedestrian-or-cyclist-struck' }, {}, 'imaging:dangerous-mechanism'],
    ['fall from 1 m or 5 stairs', { ...minorInjury, 'injury.mechanism': 'fall-1-to-6-m' }, {}, 'imaging:dangerous-mechanism'],
    ['ejection or high-speed crash', { ...minorInjury, 'injury.mechanism': 'vehicle-high-speed' }, {}, 'imaging:dangerous-mechanism'],
    ['minimal head injury excluded', { ...minorInjury, 'head.lossOfConsciousness': false }, {}, 'not-applicable:minimal-head-injury'],
    ['age 15 excluded', minorInjury, { age: 15 }, 'not-applicable:under-16'],
    ['GCS 13 included', minorInjury, { vitals: { glasgowComaScale: 13 } }, 'imaging:gcs-below-15-at-2-hours'],
    ['GCS 12 excluded', minorInjury, { vitals: { glasgowComaScale: 12 } }, 'not-applicable:gcs-below-13'],
    ['24 hours included', { ...minorInjury, 'injury.hoursSince': 24 }, {}, 'no-imaging:no-risk-factor'],
    ['25 hours excluded', { ...minorInjury, 'injury.hoursSince': 25 }, {}, 'not-applicable:over-24-hours'],
    ['penetrating excluded', { ...minorInjury, 'injury.mechanism': 'penetrating' }, {}, 'not-applicable:penetrating-skull-injury'],
    ['focal deficit excluded', { ...minorInjury, 'head.focalDeficit': true }, {}, 'not-applicable:focal-neurological-deficit'],
    ['unstable vital signs excluded', minorInjury, { vitals: { systolicPressure: 85 } }, 'not-applicable:unstable-vital-signs'],
    ['seizure excluded', { ...minorInjury, 'head.seizure': true }, {}, 'not-applicable:seizure'],
    ['anticoagulant excluded', { ...minorInjury, 'common.bleedingRisk': true }, {}, 'not-applicable:bleeding-disorder-or-anticoagulant'],
    ['return visit excluded', { ...minorInjury, 'injury.returnVisit': true }, {}, 'not-applicable:reassessment'],
    ['pregnant excluded', { ...minorInjury, 'common.pregnant': 'yes' }, {}, 'not-applicable:pregnant'],
    ['missing vomiting answer', { ...minorInjury, 'head.vomitedTwice': undefined as unknown as Answer }, {}, 'not-applicable:missing-answers'],
  ])('%s', (_, answers, options, expected) => {
    expect(summary(apply(Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)), options))).toBe(expected);
  });

  it('names the missing answers', () => {
    const outcome = canadianCtHeadRule.apply(findingsFor({ complaintId: 'head-injury', answers: {} }));

    expect(outcome.status).toBe('not-applicable');
    expect(outcome.status === 'not-applicable' ? outcome.missingAnswers : []).toContain('head.lossOfConsciousness');
  });
});

describe('every decision rule', () => {
  it.each([ottawaAnkleRule, ottawaKneeRule, canadianCSpineRule, canadianCtHeadRule])('$id states its criteria', (rule) => {
    expect(rule.inclusion.length).toBeGreaterThan(0);
    expect(rule.exclusions.length).toBeGreaterThan(0);
    expect(rule.source).toMatch(/Stiell/);
  });
});
