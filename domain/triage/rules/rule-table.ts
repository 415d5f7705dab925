// The CTAS rule table: a level for each complaint when nothing else is found, the first-order
// modifiers of the CTAS 2016 adult guidelines (Bullard et al., CJEM 2017), and complaint-specific
// red flags. The level is the most urgent (lowest) level of all rules that hold.
//
// CTAS describes hemodynamic compromise, tachycardia and hypertension in words; the numeric
// cut-points below are this table's reading of those words and are marked "operationalized".
// Changing any rule means changing `version`, which every assessment records.

import type { Bilingual } from '../intake/catalogue';
import type { CtasLevel } from '../findings';
import type { Condition } from './conditions';

export type Modifier =
  | 'complaint'
  | 'respiratory'
  | 'hemodynamic'
  | 'consciousness'
  | 'temperature'
  | 'pain'
  | 'bleeding'
  | 'mechanism'
  | 'red-flag';

export interface TriageRule {
  id: string;
  modifier: Modifier;
  level: CtasLevel;
  when: Condition;
  finding: Bilingual;
}

export const ruleTableVersion = 'ctas-2016-adult-ohip-1';

/** The level of a complaint when no modifier or red flag holds. */
export const complaintLevels: Readonly<Record<string, CtasLevel>> = {
  'chest-pain': 3, palpitations: 3, syncope: 3, hypertension: 4, 'general-weakness': 4,
  'shortness-of-breath': 3, 'cough-congestion': 5, 'allergic-reaction': 4,
  headache: 4, 'stroke-symptoms': 2, seizure: 3, confusion: 3, dizziness: 4,
  'abdominal-pain': 4, 'nausea-vomiting': 4, diarrhea: 5, 'gi-bleeding': 3, constipation: 5,
  'flank-pain': 4, 'urinary-symptoms': 5, 'testicular-pain': 3,
  'vaginal-bleeding': 4, 'pregnancy-concern': 3,
  'eye-pain-red-eye': 4, 'vision-loss': 3, 'eye-chemical-foreign-body': 4,
  'ear-pain': 5, 'sore-throat': 5, nosebleed: 4, 'dental-pain': 5,
  rash: 5, laceration: 4, burn: 4, 'skin-infection-swelling': 4, 'bite-sting': 4,
  'back-pain': 4, 'joint-pain-swelling': 4, 'upper-limb-injury': 4, 'lower-limb-injury': 4,
  'head-injury': 4, 'neck-injury': 4, 'major-trauma': 3,
  'suicidal-thoughts': 3, 'anxiety-crisis': 4, 'hallucinations-behaviour': 3,
  'overdose-poisoning': 2, intoxication: 3, 'heat-cold-exposure': 3,
  fever: 4, 'medication-request': 5,
};

const respiratoryRules: TriageRule[] = [
  { id: 'respiratory.spo2-below-90', modifier: 'respiratory', level: 1, when: { vital: 'oxygenSaturation', below: 90 },
    finding: { en: 'Oxygen saturation below 90 %', fr: 'Saturation en oxygène inférieure à 90 %' } },
  { id: 'respiratory.spo2-below-92', modifier: 'respiratory', level: 2, when: { vital: 'oxygenSaturation', below: 92 },
    finding: { en: 'Oxygen saturation below 92 %', fr: 'Saturation en oxygène inférieure à 92 %' } },
  { id: 'respiratory.spo2-92-to-94', modifier: 'respiratory', level: 3, when: { vital: 'oxygenSaturation', below: 95 },
    finding: { en: 'Oxygen saturation 92 to 94 %', fr: 'Saturation en oxygène de 92 à 94 %' } },
  { id: 'respiratory.severe-distress', modifier: 'respiratory', level: 1, when: { answer: 'common.breathing', equals: 'single-words' },
    finding: { en: 'Severe respiratory distress: single words only or blue lips', fr: 'Détresse respiratoire grave : mots isolés ou lèvres bleues' } },
  { id: 'respiratory.moderate-distress', modifier: 'respiratory', level: 2, when: { answer: 'common.breathing', equals: 'short-phrases' },
    finding: { en: 'Moderate respiratory distress: speaks in short phrases', fr: 'Détresse respiratoire modérée : courtes phrases seulement' } },
  { id: 'respiratory.mild-distress', modifier: 'respiratory', level: 3, when: { answer: 'common.breathing', equals: 'short-on-exertion' },
    finding: { en: 'Mild respiratory distress: short of breath on exertion', fr: 'Détresse respiratoire légère : essoufflement à l\'effort' } },
  // Operationalized: a rate under 8 is ineffective ventilation, 30 or more is marked distress.
  { id: 'respiratory.rate-below-8', modifier: 'respiratory', level: 1, when: { vital: 'respiratoryRate', below: 8 },
    finding: { en: 'Respiratory rate below 8 per minute', fr: 'Fréquence respiratoire inférieure à 8 par minute' } },
  { id: 'respiratory.rate-below-10', modifier: 'respiratory', level: 2, when: { vital: 'respiratoryRate', below: 10 },
    finding: { en: 'Respiratory rate below 10 per minute', fr: 'Fréquence respiratoire inférieure à 10 par minute' } },
  { id: 'respiratory.rate-30-or-more', modifier: 'respiratory', level: 2, when: { vital: 'respiratoryRate', atLeast: 30 },
    finding: { en: 'Respiratory rate 30 per minute or more', fr: 'Fréquence respiratoire de 30 par minute ou plus' } },
  { id: 'respiratory.rate-24-or-more', modifier: 'respiratory', level: 3, when: { vital: 'respiratoryRate', atLeast: 24 },
    finding: { en: 'Respiratory rate 24 per minute or more', fr: 'Fréquence respiratoire de 24 par minute ou plus' } },
];

// Operationalized from CTAS shock (1), hemodynamic compromise (2) and vital signs at the ends of
// normal (3). Heart rate 130 and shock index 1.0 are paired on purpose: a shock index of 1.0 with
// a systolic pressure of 130 or more needs a heart rate of 130 or more, so raising the pressure
// never removes urgency that the heart rate alone would not keep.
const hemodynamicRules: TriageRule[] = [
  { id: 'hemodynamic.systolic-below-80', modifier: 'hemodynamic', level: 1, when: { vital: 'systolicPressure', below: 80 },
    finding: { en: 'Shock: systolic pressure below 80 mmHg', fr: 'Choc : pression systolique inférieure à 80 mmHg' } },
  { id: 'hemodynamic.signs-of-shock', modifier: 'hemodynamic', level: 1,
    when: { all: [{ answer: 'common.paleColdClammy', equals: true }, { answer: 'common.faintOnStanding', equals: true },
      { any: [{ vital: 'systolicPressure', below: 100 }, { vital: 'heartRate', atLeast: 120 }] }] },
    finding: { en: 'Shock: cold clammy skin, faintness on standing and abnormal pulse or pressure', fr: 'Choc : peau froide et moite, malaise en position debout et pouls ou pression anormaux' } },
  { id: 'hemodynamic.systolic-below-90', modifier: 'hemodynamic', level: 2, when: { vital: 'systolicPressure', below: 90 },
    finding: { en: 'Hemodynamic compromise: systolic pressure below 90 mmHg', fr: 'Instabilité hémodynamique : pression systolique inférieure à 90 mmHg' } },
  { id: 'hemodynamic.shock-index-1', modifier: 'hemodynamic', level: 2, when: { shockIndexAtLeast: 1 },
    finding: { en: 'Hemodynamic compromise: heart rate at or above systolic pressure', fr: 'Instabilité hémodynamique : fréquence cardiaque égale ou supérieure à la pression systolique' } },
  { id: 'hemodynamic.heart-rate-130-or-more', modifier: 'hemodynamic', level: 2, when: { vital: 'heartRate', atLeast: 130 },
    finding: { en: 'Marked tachycardia: heart rate 130 or more', fr: 'Tachycardie marquée : fréquence cardiaque de 130 ou plus' } },
  { id: 'hemodynamic.heart-rate-below-40', modifier: 'hemodynamic', level: 2, when: { vital: 'heartRate', below: 40 },
    finding: { en: 'Marked bradycardia: heart rate below 40', fr: 'Bradycardie marquée : fréquence cardiaque inférieure à 40' } },
  { id: 'hemodynamic.pale-clammy', modifier: 'hemodynamic', level: 2, when: { answer: 'common.paleColdClammy', equals: true },
    finding: { en: 'Borderline perfusion: pale, cold or sweaty skin', fr: 'Perfusion limite : peau pâle, froide ou en sueur' } },
  { id: 'hemodynamic.postural-faintness', modifier: 'hemodynamic', level: 2, when: { answer: 'common.faintOnStanding', equals: true },
    finding: { en: 'Postural hypotension by history: faint on standing', fr: 'Hypotension orthostatique selon l\'histoire : malaise en se levant' } },
  { id: 'hemodynamic.systolic-below-100', modifier: 'hemodynamic', level: 3, when: { vital: 'systolicPressure', below: 100 },
    finding: { en: 'Systolic pressure at the low end of normal (below 100 mmHg)', fr: 'Pression systolique à la limite inférieure (moins de 100 mmHg)' } },
  { id: 'hemodynamic.heart-rate-110-or-more', modifier: 'hemodynamic', level: 3, when: { vital: 'heartRate', atLeast: 110 },
    finding: { en: 'Tachycardia: heart rate 110 or more', fr: 'Tachycardie : fréquence cardiaque de 110 ou plus' } },
  { id: 'hemodynamic.heart-rate-below-50', modifier: 'hemodynamic', level: 3, when: { vital: 'heartRate', below: 50 },
    finding: { en: 'Bradycardia: heart rate below 50', fr: 'Bradycardie : fréquence cardiaque inférieure à 50' } },
  { id: 'hemodynamic.severe-hypertension-symptomatic', modifier: 'hemodynamic', level: 2,
    when: { all: [{ any: [{ vital: 'systolicPressure', atLeast: 220 }, { vital: 'diastolicPressure', atLeast: 130 }] }, { answer: 'hypertension.symptoms', equals: true }] },
    finding: { en: 'Blood pressure 220/130 or more with symptoms', fr: 'Pression artérielle de 220/130 ou plus avec symptômes' } },
  { id: 'hemodynamic.severe-hypertension', modifier: 'hemodynamic', level: 3,
    when: { any: [{ vital: 'systolicPressure', atLeast: 220 }, { vital: 'diastolicPressure', atLeast: 130 }] },
    finding: { en: 'Blood pressure 220/130 or more', fr: 'Pression artérielle de 220/130 ou plus' } },
  { id: 'hemodynamic.hypertension-symptomatic', modifier: 'hemodynamic', level: 3,
    when: { all: [{ any: [{ vital: 'systolicPressure', atLeast: 200 }, { vital: 'diastolicPressure', atLeast: 110 }] }, { answer: 'hypertension.symptoms', equals: true }] },
    finding: { en: 'Blood pressure 200/110 or more with symptoms', fr: 'Pression artérielle de 200/110 ou plus avec symptômes' } },
];

const consciousnessRules: TriageRule[] = [
  { id: 'consciousness.gcs-3-to-9', modifier: 'consciousness', level: 1, when: { vital: 'glasgowComaScale', below: 10 },
    finding: { en: 'Unconscious: Glasgow Coma Scale 3 to 9', fr: 'Inconscient : échelle de Glasgow de 3 à 9' } },
  { id: 'consciousness.gcs-10-to-13', modifier: 'consciousness', level: 2, when: { vital: 'glasgowComaScale', below: 14 },
    finding: { en: 'Altered level of consciousness: Glasgow Coma Scale 10 to 13', fr: 'Altération de l\'état de conscience : échelle de Glasgow de 10 à 13' } },
  { id: 'consciousness.responds-to-pain-only', modifier: 'consciousness', level: 1, when: { answer: 'common.alertness', oneOf: ['pain', 'unresponsive'] },
    finding: { en: 'Responds only to pain or not at all', fr: 'Ne réagit qu\'à la douleur ou pas du tout' } },
  { id: 'consciousness.responds-to-voice-or-confused', modifier: 'consciousness', level: 2, when: { answer: 'common.alertness', oneOf: ['voice', 'confused'] },
    finding: { en: 'Altered level of consciousness: confused or responds only to voice', fr: 'Altération de l\'état de conscience : confus ou ne réagit qu\'à la voix' } },
];

const temperatureRules: TriageRule[] = [
  { id: 'temperature.sirs-3-criteria', modifier: 'temperature', level: 2, when: { sirsCriteriaAtLeast: 3 },
    finding: { en: 'Looks septic: abnormal temperature, heart rate above 90 and breathing above 20', fr: 'Septique : température anormale, fréquence cardiaque au-dessus de 90 et respiration au-dessus de 20' } },
  { id: 'temperature.fever-immunocompromised', modifier: 'temperature', level: 2,
    when: { all: [{ vital: 'temperature', atLeast: 38 }, { answer: 'common.immunocompromised', equals: true }] },
    finding: { en: 'Fever with a weakened immune system', fr: 'Fièvre avec un système immunitaire affaibli' } },
  { id: 'temperature.hyperthermia', modifier: 'temperature', level: 2, when: { vital: 'temperature', atLeast: 41 },
    finding: { en: 'Temperature 41 °C or more', fr: 'Température de 41 °C ou plus' } },
  { id: 'temperature.fever-unwell', modifier: 'temperature', level: 3,
    when: { all: [{ vital: 'temperature', atLeast: 38 }, { any: [{ sirsCriteriaAtLeast: 2 }, { answer: 'common.feelsVeryUnwell', equals: true }] }] },
    finding: { en: 'Fever and looks unwell (two SIRS criteria or unable to do usual activities)', fr: 'Fièvre et mauvais état général (deux critères SRIS ou incapable de faire ses activités)' } },
  { id: 'temperature.fever', modifier: 'temperature', level: 4, when: { vital: 'temperature', atLeast: 38 },
    finding: { en: 'Fever, otherwise looks well', fr: 'Fièvre, bon état général par ailleurs' } },
  { id: 'temperature.below-32', modifier: 'temperature', level: 2, when: { vital: 'temperature', below: 32 },
    finding: { en: 'Moderate hypothermia: temperature below 32 °C', fr: 'Hypothermie modérée : température inférieure à 32 °C' } },
  { id: 'temperature.below-35', modifier: 'temperature', level: 3, when: { vital: 'temperature', below: 35 },
    finding: { en: 'Hypothermia: temperature below 35 °C', fr: 'Hypothermie : température inférieure à 35 °C' } },
];

// CTAS 2016 adult pain modifier: the level by severity, central or peripheral site, and acute
// or chronic pattern. Severe is 8 to 10, moderate 4 to 7, mild 1 to 3 on the 0-10 scale.
const painTable = [
  { severity: 'severe', from: 8, central: { acute: 2, chronic: 3 }, peripheral: { acute: 3, chronic: 4 } },
  { severity: 'moderate', from: 4, central: { acute: 3, chronic: 4 }, peripheral: { acute: 4, chronic: 5 } },
  { severity: 'mild', from: 1, central: { acute: 4, chronic: 5 }, peripheral: { acute: 5, chronic: 5 } },
] as const;

const frenchSeverity: Record<'severe' | 'moderate' | 'mild', string> = {
  severe: 'intense',
  moderate: 'modérée',
  mild: 'légère',
};

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const painRules: TriageRule[] = painTable.flatMap((band) =>
  (['central', 'peripheral'] as const).flatMap((site) =>
    (['acute', 'chronic'] as const).map((pattern) => ({
      id: `pain.${band.severity}-${site}-${pattern}`,
      modifier: 'pain' as const,
      level: band[site][pattern] as CtasLevel,
      when: { all: [{ answer: 'common.painScore', atLeast: band.from }, { painSite: site }, { painPattern: pattern }] },
      finding: {
        en: `${capitalize(band.severity)} ${pattern} ${site} pain (${band.from} or more out of 10)`,
        fr: `Douleur ${site === 'central' ? 'centrale' : 'périphérique'} ${pattern === 'acute' ? 'aiguë' : 'chronique'} ${frenchSeverity[band.severity]} (${band.from} ou plus sur 10)`,
      },
    })),
  ),
);

const bleedingRules: TriageRule[] = [
  { id: 'bleeding.disorder-major-bleed', modifier: 'bleeding', level: 2,
    when: { all: [{ answer: 'common.bleedingRisk', equals: true },
      { any: [{ answer: 'bleeding.severity', equals: 'major' }, { complaintIn: ['head-injury', 'neck-injury', 'gi-bleeding', 'major-trauma'] }] }] },
    finding: { en: 'Bleeding disorder or blood thinner with a major or life-threatening bleed', fr: 'Trouble de la coagulation ou anticoagulant avec un saignement majeur' } },
  { id: 'bleeding.disorder-minor-bleed', modifier: 'bleeding', level: 3,
    when: { all: [{ answer: 'common.bleedingRisk', equals: true },
      { any: [{ answer: 'bleeding.severity', oneOf: ['minor', 'moderate'] },
        { complaintIn: ['nosebleed', 'laceration', 'vaginal-bleeding', 'upper-limb-injury', 'lower-limb-injury', 'burn', 'bite-sting'] }] }] },
    finding: { en: 'Bleeding disorder or blood thinner with a minor or moderate bleed', fr: 'Trouble de la coagulation ou anticoagulant avec un saignement mineur ou modéré' } },
  { id: 'bleeding.uncontrolled', modifier: 'bleeding', level: 2, when: { answer: 'bleeding.severity', equals: 'major' },
    finding: { en: 'Heavy bleeding that will not stop', fr: 'Saignement abondant qui ne s\'arrête pas' } },
];

const mechanismRules: TriageRule[] = [
  { id: 'mechanism.high-risk', modifier: 'mechanism', level: 2,
    when: { answer: 'injury.mechanism', oneOf: ['fall-over-6-m', 'vehicle-high-speed', 'pedestrian-or-cyclist-struck', 'motorized-recreational', 'penetrating'] },
    finding: { en: 'High-risk mechanism of injury', fr: 'Mécanisme de blessure à haut risque' } },
];

export const triageRules: readonly TriageRule[] = [
  ...respiratoryRules,
  ...hemodynamicRules,
  ...consciousnessRules,
  ...temperatureRules,
  ...painRules,
  ...bleedingRules,
  ...mechanismRules,
];
