import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ValidationError } from '../../domain/shared/errors';
import { repositoryPath } from '../../infra/config/shared-data';
import { loadEscalationRuleFiles } from './escalation-rule-files';

// The rule files are loaded at start-up; a mistake anywhere is refused with file, line and column.

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'ohip-rules-'));
});

afterEach(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

function refusal(): ValidationError {
  try {
    loadEscalationRuleFiles(directory);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the rule files were accepted');
}

describe('loadEscalationRuleFiles', () => {
  it('loads the product rule files', () => {
    const rules = loadEscalationRuleFiles(repositoryPath('config/monitoring-rules'));

    expect(rules.rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(['chest-pain', 'low-medication-adherence', 'chf-weight-gain-with-symptoms', 'low-oxygen-saturation']));
  });

  it('rejects a condition syntax error at its position', () => {
    write('a-good.yaml', 'version: 1\nrules:\n  - id: chest-pain\n    condition: "chest_pain == true"\n    action: URGENT_CALLBACK\n    priority: critical\n');
    const conditionLine = '    condition: "weight_kg INCREASING OVER LAST 3 AND (spo2 < )"';
    const file = write('b-broken.yaml', `version: 1\nrules:\n  - id: weight-gain\n${conditionLine}\n    action: ALERT_PROVIDER\n    priority: high\n`);

    const error = refusal();

    // Line 4, at the ")" where a number was expected, counted in the file.
    const column = conditionLine.lastIndexOf(')') + 1;
    expect(error.message).toBe(`${file}:4:${column}: rule 'weight-gain': invalid condition: '<' compares numbers, found ')'`);
    expect(error.extensions).toMatchObject({ ruleId: 'weight-gain', line: 4, column });
  });

  it('rejects a YAML syntax error', () => {
    const file = write('broken.yaml', 'version: 1\nrules:\n  - id: x\n    condition: "spo2 < 90\n');

    expect(refusal().message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: the file is not valid YAML`));
  });

  it('rejects unknown variables and actions', () => {
    write('rules.yaml', 'version: 1\nrules:\n  - id: typo\n    condition: "sp02 < 90"\n    action: ALERT_PROVIDER\n    priority: high\n');
    expect(refusal().message).toMatch(/rules\.yaml:4:\d+: rule 'typo': invalid condition: .*sp02/);

    write('rules.yaml', 'version: 1\nrules:\n  - id: bad-action\n    condition: "spo2 < 90"\n    action: PAGE_EVERYONE\n    priority: high\n');
    expect(refusal().message).toMatch(/rules\.yaml:5:13: rule 'bad-action': unknown action 'PAGE_EVERYONE'/);
  });

  it('rejects a rule id in two files', () => {
    write('a.yaml', 'version: 1\nrules:\n  - id: same\n    condition: "spo2 < 90"\n    action: ALERT_PROVIDER\n    priority: high\n');
    write('b.yaml', 'version: 1\nrules:\n  - id: same\n    condition: "spo2 < 85"\n    action: URGENT_CALLBACK\n    priority: high\n');

    expect(refusal().message).toMatch(/b\.yaml:3:5: rule 'same': id is also used in .*a\.yaml/);
  });

  it('rejects a folder without rule files', () => {
    expect(refusal().message).toContain('no escalation rule file (*.yaml) was found');
  });
});
