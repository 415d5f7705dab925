// National Early Warning Score 2 (NEWS2), Royal College of Physicians, 2017: "National Early
// Warning Score (NEWS) 2: Standardising the assessment of acute-illness severity in the NHS",
// chart 1 (the scoring system), chart 3 (thresholds and triggers) and chart 4 (clinical response).
//
// Each vital sign scores 0 to 3; the aggregate runs 0 to 20. The chart records whole numbers for
// respiration rate, SpO2, systolic pressure and pulse, so those must be integers here. The chart
// records temperature to one decimal, so a finer reading is rounded to one decimal first.

import { ValidationError } from '../shared/errors';

/** ACVPU: alert, new confusion, responds to voice, responds to pain, unresponsive. */
export type Consciousness = 'alert' | 'new-confusion' | 'voice' | 'pain' | 'unresponsive';

export interface VitalSigns {
  /** Breaths per minute. */
  respirationRate: number;
  /** Peripheral oxygen saturation, percent. */
  spo2: number;
  /**
   * Scale 2 is for patients with a confirmed hypercapnic respiratory failure and a prescribed
   * target saturation of 88-92 %, decided by a clinician; every other patient uses scale 1.
   */
  spo2Scale: 1 | 2;
  /** Whether the patient breathes supplemental oxygen at the time of the reading. */
  onOxygen: boolean;
  /** Systolic blood pressure, mmHg. */
  systolicBp: number;
  /** Pulse, beats per minute. */
  pulse: number;
  consciousness: Consciousness;
  /** Temperature, degrees Celsius. */
  temperatureC: number;
}

export interface News2SubScores {
  respirationRate: number;
  spo2: number;
  airOrOxygen: number;
  systolicBp: number;
  pulse: number;
  consciousness: number;
  temperature: number;
}

export type News2RiskBand = 'low' | 'low-medium' | 'medium' | 'high';

export type MonitoringFrequency = '12-hourly' | '4-6-hourly' | 'hourly' | 'continuous';

export interface News2Response {
  minimumMonitoring: MonitoringFrequency;
  /** Clinician-facing response, paraphrasing the RCP clinical response chart. */
  clinicalResponse: string;
}

export interface News2Result {
  subScores: News2SubScores;
  total: number;
  band: News2RiskBand;
  /** True when some single parameter scores 3 (a "red score"). */
  redScore: boolean;
  response: News2Response;
}

export function scoreNews2(vitals: VitalSigns): News2Result {
  validateVitals(vitals);

  const subScores: News2SubScores = {
    respirationRate: scoreRespirationRate(vitals.respirationRate),
    spo2: vitals.spo2Scale === 2 ? scoreSpo2Scale2(vitals.spo2, vitals.onOxygen) : scoreSpo2Scale1(vitals.spo2),
    airOrOxygen: vitals.onOxygen ? 2 : 0,
    systolicBp: scoreSystolicBp(vitals.systolicBp),
    pulse: scorePulse(vitals.pulse),
    consciousness: vitals.consciousness === 'alert' ? 0 : 3,
    temperature: scoreTemperature(vitals.temperatureC),
  };

  const values = Object.values(subScores);
  const total = values.reduce((sum, score) => sum + score, 0);
  const redScore = values.includes(3);
  const band = riskBand(total, redScore);
  return { subScores, total, band, redScore, response: RESPONSES[band === 'low' && total === 0 ? 'zero' : band] };
}

export function scoreRespirationRate(breathsPerMinute: number): number {
  if (breathsPerMinute <= 8) return 3;
  if (breathsPerMinute <= 11) return 1;
  if (breathsPerMinute <= 20) return 0;
  if (breathsPerMinute <= 24) return 2;
  return 3;
}

export function scoreSpo2Scale1(percent: number): number {
  if (percent <= 91) return 3;
  if (percent <= 93) return 2;
  if (percent <= 95) return 1;
  return 0;
}

/** Scale 2 scores high saturations too, but only on oxygen: 93 % or more on air scores 0. */
export function scoreSpo2Scale2(percent: number, onOxygen: boolean): number {
  if (percent <= 83) return 3;
  if (percent <= 85) return 2;
  if (percent <= 87) return 1;
  if (percent <= 92 || !onOxygen) return 0;
  if (percent <= 94) return 1;
  if (percent <= 96) return 2;
  return 3;
}

export function scoreSystolicBp(mmHg: number): number {
  if (mmHg <= 90) return 3;
  if (mmHg <= 100) return 2;
  if (mmHg <= 110) return 1;
  if (mmHg <= 219) return 0;
  return 3;
}

export function scorePulse(beatsPerMinute: number): number {
  if (beatsPerMinute <= 40) return 3;
  if (beatsPerMinute <= 50) return 1;
  if (beatsPerMinute <= 90) return 0;
  if (beatsPerMinute <= 110) return 1;
  if (beatsPerMinute <= 130) return 2;
  return 3;
}

export function scoreTemperature(celsius: number): number {
  const recorded = Math.round(celsius * 10) / 10;
  if (recorded <= 35.0) return 3;
  if (recorded <= 36.0) return 1;
  if (recorded <= 38.0) return 0;
  if (recorded <= 39.0) return 1;
  return 2;
}

/** A total of 5 or more outranks a red score, and 7 or more is high whatever the parts. */
export function riskBand(total: number, redScore: boolean): News2RiskBand {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (redScore) return 'low-medium';
  return 'low';
}

const RESPONSES: Record<News2RiskBand | 'zero', News2Response> = {
  zero: {
    minimumMonitoring: '12-hourly',
    clinicalResponse: 'Continue routine NEWS monitoring.',
  },
  low: {
    minimumMonitoring: '4-6-hourly',
    clinicalResponse:
      'A registered nurse assesses the patient and decides whether monitoring should be more frequent or care escalated.',
  },
  'low-medium': {
    minimumMonitoring: 'hourly',
    clinicalResponse:
      'A registered nurse informs the medical team caring for the patient, who review the patient and decide whether to escalate care.',
  },
  medium: {
    minimumMonitoring: 'hourly',
    clinicalResponse:
      'Urgent response: the registered nurse informs the medical team at once and requests an urgent assessment by a clinician ' +
      'competent in acute illness; care continues where the patient can be monitored.',
  },
  high: {
    minimumMonitoring: 'continuous',
    clinicalResponse:
      'Emergency response: the registered nurse informs the medical team at once (at least specialist registrar level); a team ' +
      'with critical care and advanced airway skills assesses the patient as an emergency; consider transfer to a level 2 or 3 ' +
      'care unit.',
  },
};

const INTEGER_LIMITS: Array<[keyof VitalSigns, number, number]> = [
  ['respirationRate', 0, 80],
  ['spo2', 0, 100],
  ['systolicBp', 0, 300],
  ['pulse', 0, 300],
];

function validateVitals(vitals: VitalSigns): void {
  for (const [field, min, max] of INTEGER_LIMITS) {
    const value = vitals[field] as number;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw ValidationError.forField(field, `must be a whole number from ${min} to ${max}, found ${value}`);
    }
  }
  if (!Number.isFinite(vitals.temperatureC) || vitals.temperatureC < 25 || vitals.temperatureC > 45) {
    throw ValidationError.forField('temperatureC', `must be a temperature in °C from 25 to 45, found ${vitals.temperatureC}`);
  }
  if (vitals.spo2Scale !== 1 && vitals.spo2Scale !== 2) {
    throw ValidationError.forField('spo2Scale', `must be 1 or 2, found ${String(vitals.spo2Scale)}`);
  }
}
