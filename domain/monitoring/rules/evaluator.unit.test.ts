import { evaluateCondition, type AnswerHistory, type TimedAnswer } from './evaluator';
import { parseCondition } from './parser';

const NOW = '2025-03-10T12:00:00.000Z';

function hoursBeforeNow(hours: number): string {
  return new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();
}

function series(...points: Array<[hoursAgo: number, value: TimedAnswer['value']]>): TimedAnswer[] {
  return points.map(([hoursAgo, value]) => ({ answeredAt: hoursBeforeNow(hoursAgo), value }));
}

function evaluate(condition: string, history: AnswerHistory): string {
  return evaluateCondition(parseCondition(condition), history, NOW);
}

describe('evaluateCondition: latest answer', () => {
  it('compares the latest answer, not the first', () => {
    const history = { spo2: series([30, 90], [2, 95]) };

    expect(evaluate('spo2 < 92', history)).toBe('false');
    expect(evaluate('spo2 >= 95', history)).toBe('true');
  });

  it('ignores answers recorded after now', () => {
    const history = { spo2: series([2, 95], [-1, 85]) };

    expect(evaluate('spo2 < 92', history)).toBe('false');
  });

  it('is unknown without an answer or with a mismatched type', () => {
    expect(evaluate('chest_pain == true', {})).toBe('unknown');
    expect(evaluate('chest_pain == true', { chest_pain: series([1, 'yes']) })).toBe('unknown');
  });

  it('compares strings and booleans for equality', () => {
    const history = { colour: series([1, 'red']), fever: series([1, false]) };

    expect(evaluate('colour == "red" AND fever != true', history)).toBe('true');
  });
});

describe('evaluateCondition: three-valued logic', () => {
  const history = { chest_pain: series([1, false]) };

  it('keeps unknown under NOT', () => {
    expect(evaluate('NOT spo2 < 92', history)).toBe('unknown');
  });

  it('lets a known false decide AND and a known true decide OR', () => {
    expect(evaluate('chest_pain == true AND spo2 < 92', history)).toBe('false');
    expect(evaluate('chest_pain == false OR spo2 < 92', history)).toBe('true');
  });

  it('stays unknown when the known side does not decide', () => {
    expect(evaluate('chest_pain == false AND spo2 < 92', history)).toBe('unknown');
    expect(evaluate('chest_pain == true OR spo2 < 92', history)).toBe('unknown');
  });
});

describe('evaluateCondition: trends', () => {
  it('needs each of the last n answers to rise strictly', () => {
    expect(evaluate('weight_kg INCREASING OVER LAST 3', { weight_kg: series([72, 80], [48, 80.4], [24, 80.9], [1, 81.5]) })).toBe(
      'true',
    );
    expect(evaluate('weight_kg INCREASING OVER LAST 3', { weight_kg: series([48, 80.4], [24, 80.4], [1, 81.5]) })).toBe('false');
  });

  it('looks only at the last n answers', () => {
    const history = { weight_kg: series([72, 90], [48, 80], [24, 81], [1, 82]) };

    expect(evaluate('weight_kg INCREASING OVER LAST 3', history)).toBe('true');
    expect(evaluate('weight_kg INCREASING OVER LAST 4', history)).toBe('false');
  });

  it('orders answers by time, not by position', () => {
    const history = { weight_kg: series([1, 82], [48, 80], [24, 81]) };

    expect(evaluate('weight_kg INCREASING OVER LAST 3', history)).toBe('true');
    expect(evaluate('weight_kg DECREASING OVER LAST 3', history)).toBe('false');
  });

  it('is unknown with too few or non-numeric answers', () => {
    expect(evaluate('weight_kg DECREASING OVER LAST 3', { weight_kg: series([2, 80], [1, 79]) })).toBe('unknown');
    expect(evaluate('weight_kg DECREASING OVER LAST 2', { weight_kg: series([2, 80], [1, 'n/a']) })).toBe('unknown');
  });
});

describe('evaluateCondition: windows', () => {
  const condition = 'medication_adherence_pct < 60 FOR 3 days';

  it('holds when the answer in effect at the window start and every later one satisfy it', () => {
    const history = { medication_adherence_pct: series([80, 50], [50, 55], [20, 40], [1, 58]) };

    expect(evaluate(condition, history)).toBe('true');
  });

  it('fails when one answer in the window does not satisfy it', () => {
    const history = { medication_adherence_pct: series([80, 50], [50, 75], [1, 58]) };

    expect(evaluate(condition, history)).toBe('false');
  });

  it('fails when the answer in effect at the window start does not satisfy it', () => {
    const history = { medication_adherence_pct: series([90, 80], [60, 50], [1, 40]) };

    expect(evaluate(condition, history)).toBe('false');
  });

  it('ignores answers replaced before the window start', () => {
    const history = { medication_adherence_pct: series([120, 95], [80, 50], [1, 40]) };

    expect(evaluate(condition, history)).toBe('true');
  });

  it('is unknown when no answer covers the window start', () => {
    const history = { medication_adherence_pct: series([70, 50], [1, 40]) };

    expect(evaluate(condition, history)).toBe('unknown');
  });

  it('counts an answer exactly at the window start as covering it', () => {
    const history = { medication_adherence_pct: series([72, 50]) };

    expect(evaluate(condition, history)).toBe('true');
  });

  it('uses hours as the window unit when asked', () => {
    const history = { pain_score: series([7, 8], [3, 9]) };

    expect(evaluate('pain_score >= 8 FOR 6 hours', history)).toBe('true');
    expect(evaluate('pain_score >= 8 FOR 8 hours', history)).toBe('unknown');
  });
});

describe('evaluateCondition: input checks', () => {
  it('rejects a now that is not a timestamp', () => {
    expect(() => evaluateCondition(parseCondition('a > 1'), {}, 'yesterday')).toThrow(/now: must be an ISO 8601 timestamp/);
  });
});
