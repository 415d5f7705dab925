// Remote check-in schedules per monitored condition: how often the patient is asked, how long an
// answer is accepted, and the questions, in English and Canadian French. Each question id is also
// the variable name that escalation rules read.

import { assertNever } from '../shared/decider';
import { ValidationError } from '../shared/errors';
import type { AnswerValue } from './rules';

export const MONITORED_CONDITIONS = ['heart-failure', 'diabetes', 'post-operative', 'copd'] as const;
export type MonitoredCondition = (typeof MONITORED_CONDITIONS)[number];

export interface LocalizedText {
  en: string;
  fr: string;
}

export type AnswerFormat =
  | { kind: 'number'; unit: string; min: number; max: number }
  | { kind: 'boolean' }
  /** Whole numbers from 0 to max; labels explain the ends of the scale. */
  | { kind: 'scale'; max: number; labels: { low: LocalizedText; high: LocalizedText } };

export interface CheckInQuestion {
  id: string;
  text: LocalizedText;
  format: AnswerFormat;
}

export interface CheckInSchedule {
  condition: MonitoredCondition;
  /** Hours between two check-ins. */
  everyHours: number;
  /** Hours after a check-in is due during which an answer counts as on time. */
  answerWindowHours: number;
  /** Days a monitoring plan for the condition runs before its check-ins stop. */
  planDays: number;
  questions: CheckInQuestion[];
}

const YES_NO = { kind: 'boolean' } as const;

const BREATHLESSNESS: CheckInQuestion = {
  id: 'shortness_of_breath',
  text: { en: 'How short of breath are you today?', fr: 'À quel point êtes-vous essoufflé aujourd’hui?' },
  format: {
    kind: 'scale',
    max: 4,
    labels: {
      low: { en: 'Not at all', fr: 'Pas du tout' },
      high: { en: 'Breathless at rest', fr: 'Essoufflé même au repos' },
    },
  },
};

const CHEST_PAIN: CheckInQuestion = {
  id: 'chest_pain',
  text: { en: 'Have you had chest pain since your last check-in?', fr: 'Avez-vous eu une douleur à la poitrine depuis votre dernier suivi?' },
  format: YES_NO,
};

const TEMPERATURE: CheckInQuestion = {
  id: 'temperature_c',
  text: { en: 'What is your temperature (°C)?', fr: 'Quelle est votre température (°C)?' },
  format: { kind: 'number', unit: '°C', min: 30, max: 43 },
};

const SPO2: CheckInQuestion = {
  id: 'spo2',
  text: { en: 'What does your oximeter show (SpO2, %)?', fr: 'Quel résultat affiche votre saturomètre (SpO2, %)?' },
  format: { kind: 'number', unit: '%', min: 50, max: 100 },
};

const RESPIRATORY_RATE: CheckInQuestion = {
  id: 'respiratory_rate',
  text: { en: 'How many breaths do you take in one minute, counted at rest?', fr: 'Combien de respirations prenez-vous en une minute, au repos?' },
  format: { kind: 'number', unit: 'breaths/min', min: 4, max: 60 },
};

// The vital signs NEWS2 needs besides the respiratory rate, SpO2 and temperature. A check-in
// that answers all seven gets a NEWS2 score (see vital-signs.ts).
const VITAL_SIGNS: CheckInQuestion[] = [
  {
    id: 'on_supplemental_oxygen',
    text: { en: 'Are you breathing oxygen from a tank or concentrator right now?', fr: 'Respirez-vous de l’oxygène d’une bonbonne ou d’un concentrateur en ce moment?' },
    format: YES_NO,
  },
  {
    id: 'systolic_bp',
    text: { en: 'What is the top number of your blood pressure (mmHg)?', fr: 'Quel est le chiffre du haut de votre tension artérielle (mmHg)?' },
    format: { kind: 'number', unit: 'mmHg', min: 40, max: 300 },
  },
  {
    id: 'pulse_bpm',
    text: { en: 'What is your pulse (beats per minute)?', fr: 'Quel est votre pouls (battements par minute)?' },
    format: { kind: 'number', unit: 'beats/min', min: 20, max: 250 },
  },
  {
    id: 'new_confusion',
    text: {
      en: 'Does someone with you notice new confusion, or are you unusually hard to wake?',
      fr: 'Une personne près de vous remarque-t-elle une confusion nouvelle, ou êtes-vous inhabituellement difficile à réveiller?',
    },
    format: YES_NO,
  },
];

export const CHECK_IN_SCHEDULES: Readonly<Record<MonitoredCondition, CheckInSchedule>> = {
  'heart-failure': {
    condition: 'heart-failure',
    everyHours: 24,
    answerWindowHours: 12,
    planDays: 30,
    questions: [
      {
        id: 'weight_kg',
        text: { en: 'What is your weight this morning, after using the toilet (kg)?', fr: 'Quel est votre poids ce matin, après être allé aux toilettes (kg)?' },
        format: { kind: 'number', unit: 'kg', min: 25, max: 300 },
      },
      BREATHLESSNESS,
      {
        id: 'ankle_swelling',
        text: { en: 'Are your ankles or legs more swollen than usual?', fr: 'Vos chevilles ou vos jambes sont-elles plus enflées que d’habitude?' },
        format: YES_NO,
      },
      CHEST_PAIN,
    ],
  },
  diabetes: {
    condition: 'diabetes',
    everyHours: 24,
    answerWindowHours: 12,
    planDays: 30,
    questions: [
      {
        id: 'fasting_glucose_mmol_l',
        text: { en: 'What was your fasting blood sugar this morning (mmol/L)?', fr: 'Quelle était votre glycémie à jeun ce matin (mmol/L)?' },
        format: { kind: 'number', unit: 'mmol/L', min: 1, max: 35 },
      },
      {
        id: 'hypoglycemia_episode',
        text: {
          en: 'Since your last check-in, have you had shakiness, sweating or confusion from low blood sugar?',
          fr: 'Depuis votre dernier suivi, avez-vous eu des tremblements, des sueurs ou de la confusion à cause d’une glycémie basse?',
        },
        format: YES_NO,
      },
    ],
  },
  'post-operative': {
    condition: 'post-operative',
    everyHours: 24,
    answerWindowHours: 8,
    planDays: 14,
    questions: [
      {
        id: 'pain_score',
        text: { en: 'How bad is your pain right now?', fr: 'Quelle est l’intensité de votre douleur en ce moment?' },
        format: {
          kind: 'scale',
          max: 10,
          labels: { low: { en: 'No pain', fr: 'Aucune douleur' }, high: { en: 'Worst pain imaginable', fr: 'Pire douleur imaginable' } },
        },
      },
      {
        id: 'wound_redness',
        text: { en: 'Is the skin around your wound redder or warmer than yesterday?', fr: 'La peau autour de votre plaie est-elle plus rouge ou plus chaude qu’hier?' },
        format: YES_NO,
      },
      {
        id: 'wound_discharge',
        text: { en: 'Is fluid or pus coming from your wound?', fr: 'Du liquide ou du pus s’écoule-t-il de votre plaie?' },
        format: YES_NO,
      },
      TEMPERATURE,
      RESPIRATORY_RATE,
      SPO2,
      ...VITAL_SIGNS,
    ],
  },
  copd: {
    condition: 'copd',
    everyHours: 24,
    answerWindowHours: 12,
    planDays: 30,
    questions: [
      BREATHLESSNESS,
      {
        id: 'sputum_colour_change',
        text: { en: 'Has the colour of your phlegm changed?', fr: 'La couleur de vos crachats a-t-elle changé?' },
        format: YES_NO,
      },
      SPO2,
      RESPIRATORY_RATE,
      CHEST_PAIN,
      TEMPERATURE,
      ...VITAL_SIGNS,
    ],
  },
};

// Codes a care journey may name a condition by: the context's own names, and the ICD-10-CA
// categories of each condition.
const CONDITION_CODES: Readonly<Record<string, MonitoredCondition>> = {
  'heart-failure': 'heart-failure',
  I50: 'heart-failure',
  diabetes: 'diabetes',
  E10: 'diabetes',
  E11: 'diabetes',
  'post-operative': 'post-operative',
  Z48: 'post-operative',
  copd: 'copd',
  J44: 'copd',
};

/** Maps a condition code to its monitored condition; throws ValidationError for an unknown code. */
export function monitoredConditionOf(conditionCode: string): MonitoredCondition {
  const exact = CONDITION_CODES[conditionCode] ?? CONDITION_CODES[conditionCode.toUpperCase().split('.')[0]!];
  if (!exact) {
    const known = Object.keys(CONDITION_CODES).join(', ');
    throw ValidationError.forField('conditionCode', `must name a monitored condition (${known}), found '${conditionCode}'`);
  }
  return exact;
}

/** Variables that escalation rules may read: every question id, plus derived adherence. */
export function monitoringVariables(): Set<string> {
  const ids = Object.values(CHECK_IN_SCHEDULES).flatMap((schedule) => schedule.questions.map((question) => question.id));
  return new Set([...ids, 'medication_adherence_pct']);
}

/** Checks each answer against its question; throws ValidationError naming the first bad one. */
export function validateAnswers(condition: MonitoredCondition, answers: Readonly<Record<string, AnswerValue>>): void {
  const questions = CHECK_IN_SCHEDULES[condition].questions;
  const entries = Object.entries(answers);
  if (entries.length === 0) {
    throw ValidationError.forField('answers', 'must answer at least one question');
  }

  for (const [id, value] of entries) {
    const question = questions.find((candidate) => candidate.id === id);
    if (!question) {
      const known = questions.map((candidate) => candidate.id).join(', ');
      throw ValidationError.forField(`answers.${id}`, `is not a question of the ${condition} check-in; questions: ${known}`);
    }
    const problem = formatProblem(question.format, value);
    if (problem) {
      throw ValidationError.forField(`answers.${id}`, `${problem}, found ${JSON.stringify(value)}`);
    }
  }
}

function formatProblem(format: AnswerFormat, value: AnswerValue): string | undefined {
  switch (format.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= format.min && value <= format.max
        ? undefined
        : `must be a number of ${format.unit} from ${format.min} to ${format.max}`;
    case 'scale':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= format.max
        ? undefined
        : `must be a whole number from 0 to ${format.max}`;
    default:
      return assertNever(format, 'answer format');
  }
}
