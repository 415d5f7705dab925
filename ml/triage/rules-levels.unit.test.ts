import { readFileSync } from 'node:fs';

import { evaluateTriageRules, ruleTableVersion } from '../../domain/triage';
import { repositoryPath } from '../../infra/config/shared-data';
import { readKtasRows } from './ktas';

// The trainer reads the rules' level per KTAS row from this file, as a model feature and to score
// the rules and model combined. So the file must hold the levels the rules give today.
interface RecordedRulesLevels {
  ruleTableVersion: string;
  rows: Array<{ complaintId: string; rulesLevel: number }>;
}

describe('rules levels the trainer read', () => {
  const recorded = JSON.parse(readFileSync(repositoryPath('ml', 'training', 'data', 'ktas-rules-levels.json'), 'utf8')) as RecordedRulesLevels;

  it('come from the rule table the product runs', () => {
    expect(recorded.ruleTableVersion).toBe(ruleTableVersion);
  });

  it('are the levels the rules give each KTAS row now', () => {
    const current = readKtasRows().map((row) => ({ complaintId: row.findings.complaintId, rulesLevel: evaluateTriageRules(row.findings).level }));

    // On a mismatch: node dist/ml/triage/evaluation/write-rules-levels.js, then python3 ml/training/train.py.
    expect(current).toEqual(recorded.rows);
  });
});
