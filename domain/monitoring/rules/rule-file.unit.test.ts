import { ValidationError } from '../../shared/errors';
import { fireEscalationRules } from './fire-rules';
import { loadEscalationRules } from './rule-file';

const EXAMPLE = `version: 1
rules:
  - id: chf-weight-gain
    condition: "weight_kg INCREASING OVER LAST 3 AND (shortness_of_breath >= 2 OR ankle_swelling == true)"
    action: ALERT_PROVIDER
    priority: high
  - id: low-adherence
    condition: "medication_adherence_pct < 60 FOR 3 days"
    action: PATIENT_EDUCATION_OUTREACH
    priority: medium
  - id: chest-pain
    condition: "chest_pain == true OR (spo2 < 92 AND respiratory_rate > 24)"
    action: URGENT_CALLBACK
    priority: critical
`;

function rejectionOf(yamlText: string, options = {}): ValidationError {
  try {
    loadEscalationRules(yamlText, options);
  } catch (error) {
    if (error instanceof ValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the rule file to be rejected');
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('loadEscalationRules', () => {
  it('loads the example file', () => {
    const ruleSet = loadEscalationRules(EXAMPLE);

    expect(ruleSet.rules.map((rule) => [rule.id, rule.action, rule.priority, rule.position.line])).toEqual([
      ['chf-weight-gain', 'ALERT_PROVIDER', 'high', 3],
      ['low-adherence', 'PATIENT_EDUCATION_OUTREACH', 'medium', 7],
      ['chest-pain', 'URGENT_CALLBACK', 'critical', 11],
    ]);
    expect(ruleSet.rules[0]!.condition.kind).toBe('and');
  });

  it('points a syntax error in a double-quoted condition at its file position', () => {
    const broken = EXAMPLE.replace('spo2 < 92 AND', 'spo2 < AND');

    const error = rejectionOf(broken);

    expect(error.extensions).toEqual({ ruleId: 'chest-pain', ...positionOf(broken, 'AND respiratory_rate') });
    expect(error.message).toMatch(/^rule file:12:47: rule 'chest-pain': invalid condition: '<' compares numbers, found 'AND'/);
    expect(error.violations).toEqual([{ field: 'rules[2].condition', rule: expect.stringContaining("'<' compares numbers") }]);
  });

  it('points into a plain scalar', () => {
    const broken = EXAMPLE.replace('"medication_adherence_pct < 60 FOR 3 days"', 'medication_adherence_pct < 60 FOR 3 weeks');

    expect(rejectionOf(broken).extensions).toEqual({ ruleId: 'low-adherence', ...positionOf(broken, 'weeks') });
  });

  it('points past escapes in a double-quoted scalar', () => {
    const text = 'version: 1\nrules:\n  - id: colour\n    condition: "colour == \\"red\\" AND ?"\n    action: ALERT_PROVIDER\n    priority: low\n';

    expect(rejectionOf(text).extensions).toEqual({ ruleId: 'colour', ...positionOf(text, '?') });
  });

  it('points into a single-quoted scalar with a doubled quote', () => {
    const text = "version: 1\nrules:\n  - id: note\n    condition: 'note == \"it''s\" OR OR'\n    action: ALERT_PROVIDER\n    priority: low\n";

    const conditionLine = text.split('\n')[3]!;

    expect(rejectionOf(text).extensions).toEqual({ ruleId: 'note', line: 4, column: conditionLine.lastIndexOf('OR') + 1 });
  });

  it('points into a folded block scalar on a later line', () => {
    const text = [
      'version: 1',
      'rules:',
      '  - id: folded',
      '    condition: >-',
      '      weight_kg INCREASING OVER LAST 3',
      '      AND shortness_of_breath >=',
      '      OR ankle_swelling == true',
      '    action: ALERT_PROVIDER',
      '    priority: high',
      '',
    ].join('\n');

    expect(rejectionOf(text).extensions).toEqual({ ruleId: 'folded', line: 7, column: 7 });
  });

  it('rejects an unknown action at its position', () => {
    const broken = EXAMPLE.replace('PATIENT_EDUCATION_OUTREACH', 'SEND_FLOWERS');

    const error = rejectionOf(broken);

    expect(error.extensions).toEqual({ ruleId: 'low-adherence', ...positionOf(broken, 'SEND_FLOWERS') });
    expect(error.message).toMatch(/unknown action 'SEND_FLOWERS'; use one of ALERT_PROVIDER/);
  });

  it('rejects an unknown priority at its position', () => {
    const broken = EXAMPLE.replace('priority: critical', 'priority: urgent');

    const error = rejectionOf(broken);

    expect(error.extensions).toEqual({ ruleId: 'chest-pain', ...positionOf(broken, 'urgent') });
    expect(error.violations[0]!.field).toBe('rules[2].priority');
  });

  it('rejects a duplicate id, a missing field and an unknown key', () => {
    expect(rejectionOf(EXAMPLE.replace('id: chest-pain', 'id: low-adherence')).message).toMatch(/used by an earlier rule/);
    expect(rejectionOf(EXAMPLE.replace('    priority: medium\n', '')).message).toMatch(/rule 'low-adherence': priority is missing/);
    expect(rejectionOf(EXAMPLE.replace('priority: medium', 'priorty: medium')).message).toMatch(/unknown key 'priorty'/);
  });

  it('rejects a wrong version, an empty list and broken YAML', () => {
    expect(rejectionOf(EXAMPLE.replace('version: 1', 'version: 2')).message).toMatch(/^rule file:1:\d+: version must be 1/);
    expect(rejectionOf('version: 1\nrules: []\n').message).toMatch(/rules must be a non-empty list/);
    expect(rejectionOf('version: 1\nrules:\n  - id: "open\n').message).toMatch(/^rule file:\d+:\d+: the file is not valid YAML: /);
  });

  it('rejects a condition reading an unknown variable', () => {
    const error = rejectionOf(EXAMPLE, { sourceName: 'heart-failure.yaml', knownVariables: new Set(['weight_kg', 'chest_pain']) });

    expect(error.message).toMatch(/^heart-failure\.yaml:4:\d+: rule 'chf-weight-gain': invalid condition: unknown variable 'shortness_of_breath'/);
    expect(error.extensions).toEqual({ ruleId: 'chf-weight-gain', ...positionOf(EXAMPLE, 'shortness_of_breath') });
  });
});

describe('fireEscalationRules', () => {
  it('lists fired rules most urgent first', () => {
    const ruleSet = loadEscalationRules(EXAMPLE);
    const history = {
      weight_kg: [
        { answeredAt: '2025-03-08T08:00:00Z', value: 80 },
        { answeredAt: '2025-03-09T08:00:00Z', value: 81 },
        { answeredAt: '2025-03-10T08:00:00Z', value: 82.5 },
      ],
      ankle_swelling: [{ answeredAt: '2025-03-10T08:00:00Z', value: true }],
      chest_pain: [{ answeredAt: '2025-03-10T08:00:00Z', value: true }],
    };

    const fired = fireEscalationRules(ruleSet, history, '2025-03-10T09:00:00Z');

    expect(fired).toEqual([
      { ruleId: 'chest-pain', action: 'URGENT_CALLBACK', priority: 'critical' },
      { ruleId: 'chf-weight-gain', action: 'ALERT_PROVIDER', priority: 'high' },
    ]);
  });
});
