import fc from 'fast-check';

import { combineLevels } from '../assessment';
import { findingsFor } from '../fixtures';
import type { CtasLevel } from '../findings';
import { allComplaints, questionsFor } from '../intake/catalogue';
import { plausibleRanges, type VitalSign, type VitalSigns } from '../vital-signs';
import { evaluateTriageRules } from './evaluate';
import { redFlagRules } from './red-flags';
import { complaintLevels, triageRules } from './rule-table';

// The value each vital sign worsens away from; worsening on one side keeps the same side.
const normalCentre: Record<Exclude<VitalSign, 'oxygenSaturation' | 'glasgowComaScale'>, number> = {
  heartRate: 75, respiratoryRate: 16, systolicPressure: 120, diastolicPressure: 75, temperature: 37,
};

const vitalsArbitrary: fc.Arbitrary<VitalSigns> = fc.record(
  {
    heartRate: fc.integer({ min: 20, max: 300 }),
    respiratoryRate: fc.integer({ min: 4, max: 80 }),
    systolicPressure: fc.integer({ min: 40, max: 300 }),
    diastolicPressure: fc.integer({ min: 20, max: 200 }),
    oxygenSaturation: fc.integer({ min: 50, max: 100 }),
    temperature: fc.integer({ min: 300, max: 450 }).map((tenths) => tenths / 10),
    glasgowComaScale: fc.integer({ min: 3, max: 15 }),
  },
  { requiredKeys: [] },
);

const answersArbitrary = fc.record(
  {
    'common.painScore': fc.integer({ min: 0, max: 10 }),
    'common.painPattern': fc.constantFrom('new', 'known-recurring'),
    'common.immunocompromised': fc.boolean(),
    'common.feelsVeryUnwell': fc.boolean(),
    'hypertension.symptoms': fc.boolean(),
  },
  { requiredKeys: [] },
);

const complaintArbitrary = fc.constantFrom(...allComplaints().map((complaint) => complaint.id));

/** Moves a value further from normal on its side, by `step` units of the vital sign. */
function worsen(vital: VitalSign, value: number, step: number): number {
  const range = plausibleRanges[vital];
  if (vital === 'oxygenSaturation' || vital === 'glasgowComaScale') {
    return Math.max(range.min, value - step);
  }
  const direction = value >= normalCentre[vital] ? 1 : -1;
  const moved = value + direction * step * (range.integer ? 1 : 0.1);
  return Math.min(range.max, Math.max(range.min, range.integer ? moved : Math.round(moved * 10) / 10));
}

describe('CTAS rule table', () => {
  it('gives every complaint a default level', () => {
    const missing = allComplaints().filter((complaint) => complaintLevels[complaint.id] === undefined);

    expect(missing.map((complaint) => complaint.id)).toEqual([]);
  });

  it('has unique rule ids', () => {
    const ids = [...triageRules, ...redFlagRules].map((rule) => rule.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads only questions that some complaint asks', () => {
    const asked = new Set(allComplaints().flatMap((complaint) => questionsFor(complaint.id).map((question) => question.id)));
    const read = JSON.stringify([...triageRules, ...redFlagRules].map((rule) => rule.when)).match(/"answer":"([^"]+)"/g) ?? [];

    expect(read.map((match) => match.slice(10, -1)).filter((id) => !asked.has(id))).toEqual([]);
  });

  it.each<[string, Parameters<typeof findingsFor>[0], CtasLevel, string]>([
    ['SpO2 89 %', { vitals: { oxygenSaturation: 89 } }, 1, 'respiratory.spo2-below-90'],
    ['SpO2 90 %', { vitals: { oxygenSaturation: 90 } }, 2, 'respiratory.spo2-below-92'],
    ['SpO2 92 %', { vitals: { oxygenSaturation: 92 } }, 3, 'respiratory.spo2-92-to-94'],
    ['systolic 79', { vitals: { systolicPressure: 79 } }, 1, 'hemodynamic.systolic-below-80'],
    ['GCS 9', { vitals: { glasgowComaScale: 9 } }, 1, 'consciousness.gcs-3-to-9'],
    ['GCS 13', { vitals: { glasgowComaScale: 13 } }, 2, 'consciousness.gcs-10-to-13'],
    ['fever with three SIRS criteria', { vitals: { temperature: 38.5, heartRate: 95, respiratoryRate: 22 } }, 2, 'temperature.sirs-3-criteria'],
    ['fever, immunocompromised', { vitals: { temperature: 38 }, answers: { 'common.immunocompromised': true } }, 2, 'temperature.fever-immunocompromised'],
    ['severe acute central pain', { answers: { 'common.painScore': 8 } }, 2, 'pain.severe-central-acute'],
    ['severe chronic central pain', { answers: { 'common.painScore': 8, 'common.painPattern': 'known-recurring' } }, 3, 'pain.severe-central-chronic'],
    ['moderate acute peripheral pain', { complaintId: 'back-pain', answers: { 'common.painScore': 7 } }, 4, 'complaint.back-pain'],
    ['severe acute peripheral pain', { complaintId: 'back-pain', answers: { 'common.painScore': 8 } }, 3, 'pain.severe-peripheral-acute'],
    ['anticoagulated head injury', { complaintId: 'head-injury', answers: { 'common.bleedingRisk': true } }, 2, 'bleeding.disorder-major-bleed'],
    ['high-risk mechanism', { complaintId: 'major-trauma', answers: { 'injury.mechanism': 'pedestrian-or-cyclist-struck' } }, 2, 'mechanism.high-risk'],
    ['unresponsive', { answers: { 'common.alertness': 'unresponsive' } }, 1, 'consciousness.responds-to-pain-only'],
  ])('%s decides the level', (_, options, level, ruleId) => {
    const assessment = evaluateTriageRules(findingsFor(options));

    expect(assessment.level).toBe(level);
    expect(assessment.decidedBy.map((rule) => rule.ruleId)).toContain(ruleId);
  });

  it('never makes urgency lower when one vital sign worsens', () => {
    fc.assert(
      fc.property(
        complaintArbitrary,
        vitalsArbitrary,
        answersArbitrary,
        fc.constantFrom(...(Object.keys(plausibleRanges) as VitalSign[])),
        fc.integer({ min: 1, max: 60 }),
        (complaintId, vitals, answers, vital, step) => {
          const current = vitals[vital];
          fc.pre(current !== undefined);
          const worse = { ...vitals, [vital]: worsen(vital, current!, step) };

          const before = evaluateTriageRules(findingsFor({ complaintId, vitals, answers })).level;
          const after = evaluateTriageRules(findingsFor({ complaintId, vitals: worse, answers })).level;
          return after <= before;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never makes urgency lower when a vital sign is added', () => {
    fc.assert(
      fc.property(complaintArbitrary, vitalsArbitrary, answersArbitrary, (complaintId, vitals, answers) => {
        const withVitals = evaluateTriageRules(findingsFor({ complaintId, vitals, answers })).level;
        const without = evaluateTriageRules(findingsFor({ complaintId, answers })).level;
        return withVitals <= without;
      }),
    );
  });

  it('combines to a level never less urgent than the rules', () => {
    const level = fc.constantFrom<CtasLevel>(1, 2, 3, 4, 5);
    fc.assert(
      fc.property(level, fc.option(level, { nil: undefined }), (rulesLevel, modelLevel) => {
        const combined = combineLevels(rulesLevel, modelLevel);
        return combined <= rulesLevel && (modelLevel === undefined || combined <= modelLevel);
      }),
    );
  });
});
