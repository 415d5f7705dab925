/**
 * @jest-environment ./ml/triage/onnx-jest-environment.js
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import fc from 'fast-check';

import { allComplaints, evaluateTriageRules, ruleTableVersion, type TriageFindings } from '../../domain/triage';
import { assess } from './assess';
import { agreement } from './evaluation/agreement';
import { evaluateOnHeldoutRows } from './evaluation/evaluate-ktas';
import { ktasFile, readKtasRows } from './ktas';
import { defaultModelDirectory } from './model-card';
import { UrgencyModel } from './urgency-model';

let model: UrgencyModel;

beforeAll(async () => {
  model = await UrgencyModel.load();
});

describe('urgency model', () => {
  it('loads the model the card describes', () => {
    const onnx = readFileSync(`${defaultModelDirectory}/${model.card.onnxFile}`);

    expect(createHash('sha256').update(onnx).digest('hex')).toBe(model.card.onnxSha256);
  });

  it('was trained on the shared KTAS file', () => {
    const data = readFileSync(ktasFile());

    expect(createHash('sha256').update(data).digest('hex')).toBe(model.card.trainingData.sha256);
  });

  it('reproduces the recorded held-out metrics', async () => {
    const rows = readKtasRows(undefined, model.card.unclassifiedComplaint);
    const heldout = model.card.split.heldoutRowIndices.map((index) => rows[index]!);

    const levels = (await model.assessMany(heldout.map((row) => row.findings))).map((result) => result.level);

    expect(agreement(levels, heldout.map((row) => row.expertLevel))).toEqual(model.card.metrics.heldout.model);
  });

  it('was selected with the rule table the product runs', () => {
    expect(model.card.ruleTableVersion).toBe(ruleTableVersion);
  });

  it('matches the nurses and combined figures the card recorded', async () => {
    const evaluation = await evaluateOnHeldoutRows(model);

    expect(evaluation.nurses).toEqual(model.card.metrics.heldout.nurses);
    expect(evaluation.combined).toEqual(model.card.metrics.heldout.combined);
    expect(evaluation.combined.underTriage).toBeLessThanOrEqual(evaluation.model.underTriage);
    expect(evaluation.combined.underTriage).toBeLessThanOrEqual(evaluation.rules.underTriage);
  });

  it('returns five probabilities summing to one', async () => {
    const result = await model.assess({ complaintId: 'chest-pain', age: 70, sex: 'male', answers: {}, vitals: {} });

    expect(result.probabilities).toHaveLength(5);
    expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

describe('combined assessment', () => {
  const findingsArbitrary: fc.Arbitrary<TriageFindings> = fc.record({
    complaintId: fc.constantFrom(...allComplaints().map((complaint) => complaint.id)),
    age: fc.integer({ min: 16, max: 100 }),
    sex: fc.constantFrom('female' as const, 'male' as const),
    answers: fc.record({ 'common.painScore': fc.integer({ min: 0, max: 10 }) }, { requiredKeys: [] }),
    vitals: fc.record(
      {
        heartRate: fc.integer({ min: 20, max: 300 }),
        systolicPressure: fc.integer({ min: 40, max: 300 }),
        oxygenSaturation: fc.integer({ min: 50, max: 100 }),
        temperature: fc.integer({ min: 300, max: 450 }).map((tenths) => tenths / 10),
      },
      { requiredKeys: [] },
    ),
    arrivalMode: fc.constantFrom('self' as const, 'ambulance' as const),
  });

  it('is never less urgent than the rules', async () => {
    await fc.assert(
      fc.asyncProperty(findingsArbitrary, async (findings) => {
        const combined = await assess(findings, model);
        return combined.level <= evaluateTriageRules(findings).level && combined.level === Math.min(combined.rulesLevel, combined.model!.level);
      }),
      { numRuns: 200 },
    );
  });
});
