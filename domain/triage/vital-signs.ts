// Vital signs a patient can measure at home (or a clinician records), and the ranges a value must
// fall in to be believed. These are plausibility limits, not clinical thresholds: a value outside
// them is a typing or device error, and accepting it would let a typo decide a triage level.

import { ValidationError } from '../shared/errors';

export interface VitalSigns {
  /** Beats per minute. */
  heartRate?: number;
  /** Breaths per minute. */
  respiratoryRate?: number;
  /** mmHg. */
  systolicPressure?: number;
  /** mmHg. */
  diastolicPressure?: number;
  /** Peripheral oxygen saturation, percent. */
  oxygenSaturation?: number;
  /** Degrees Celsius. */
  temperature?: number;
  /** Glasgow Coma Scale total, recorded by a clinician. */
  glasgowComaScale?: number;
}

export type VitalSign = keyof VitalSigns;

interface PlausibleRange {
  min: number;
  max: number;
  integer: boolean;
  unit: string;
  why: string;
}

export const plausibleRanges: Readonly<Record<VitalSign, PlausibleRange>> = {
  heartRate: {
    min: 20, max: 300, integer: true, unit: 'beats/min',
    why: 'a person able to report has a pulse; rates above 300 are not conducted to the ventricles in adults',
  },
  respiratoryRate: {
    min: 4, max: 80, integer: true, unit: 'breaths/min',
    why: 'below 4 a person cannot report, and above 80 breaths cannot be counted by hand',
  },
  systolicPressure: {
    min: 40, max: 300, integer: true, unit: 'mmHg',
    why: 'home and clinic cuffs measure from about 40 to 300 mmHg',
  },
  diastolicPressure: {
    min: 20, max: 200, integer: true, unit: 'mmHg',
    why: 'home and clinic cuffs measure diastolic pressure from about 20 to 200 mmHg',
  },
  oxygenSaturation: {
    min: 50, max: 100, integer: true, unit: '%',
    why: 'saturation is a percentage, and pulse oximeters are not calibrated below about 70 %, so readings under 50 % are device errors',
  },
  temperature: {
    min: 30, max: 45, integer: false, unit: '°C',
    why: 'clinical thermometers read between about 32 and 43 °C, and a body temperature outside 30 to 45 °C is not survivable long enough to self-report',
  },
  glasgowComaScale: {
    min: 3, max: 15, integer: true, unit: 'points',
    why: 'the Glasgow Coma Scale sums three scores and runs from 3 to 15',
  },
};

const vitalSignNames = Object.keys(plausibleRanges) as VitalSign[];

/**
 * Checks that every given vital sign is a finite number inside its plausible range and that
 * diastolic pressure is below systolic; throws a ValidationError naming the field and the rule.
 */
export function validateVitalSigns(vitals: VitalSigns, fieldPrefix = 'vitals'): VitalSigns {
  const unknown = Object.keys(vitals).filter((name) => !vitalSignNames.includes(name as VitalSign));
  if (unknown.length > 0) {
    throw ValidationError.forField(`${fieldPrefix}.${unknown[0]}`, `is not a vital sign; use one of ${vitalSignNames.join(', ')}`);
  }

  const present = vitalSignNames.filter((name) => vitals[name] !== undefined);
  if (present.length === 0) {
    throw ValidationError.forField(fieldPrefix, `must contain at least one of ${vitalSignNames.join(', ')}`);
  }

  for (const name of present) {
    checkRange(name, vitals[name], `${fieldPrefix}.${name}`);
  }

  const { systolicPressure, diastolicPressure } = vitals;
  if (systolicPressure !== undefined && diastolicPressure !== undefined && diastolicPressure >= systolicPressure) {
    throw ValidationError.forField(
      `${fieldPrefix}.diastolicPressure`,
      `must be lower than systolic pressure (got ${diastolicPressure} over ${systolicPressure} mmHg); check the two readings were not swapped`,
    );
  }
  return vitals;
}

function checkRange(name: VitalSign, value: unknown, field: string): void {
  const range = plausibleRanges[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw ValidationError.forField(field, `must be a number in ${range.unit}`);
  }
  if (range.integer && !Number.isInteger(value)) {
    throw ValidationError.forField(field, `must be a whole number of ${range.unit} (got ${value})`);
  }
  if (value < range.min || value > range.max) {
    throw ValidationError.forField(
      field,
      `must be between ${range.min} and ${range.max} ${range.unit} (got ${value}), because ${range.why}; re-measure and enter the reading again`,
    );
  }
}
