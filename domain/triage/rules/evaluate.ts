// Applies the CTAS rule table to a session's findings. The level is the most urgent level among
// the complaint's default and every rule that holds; `decidedBy` names the rules at that level.

import { findComplaint } from '../intake/catalogue';
import type { CtasLevel, TriageFindings } from '../findings';
import { conditionHolds } from './conditions';
import { redFlagRules } from './red-flags';
import { complaintLevels, ruleTableVersion, triageRules, type Modifier, type TriageRule } from './rule-table';
import type { Bilingual } from '../intake/catalogue';

export interface RuleFinding {
  ruleId: string;
  modifier: Modifier;
  level: CtasLevel;
  finding: Bilingual;
}

export interface RulesAssessment {
  ruleTableVersion: string;
  level: CtasLevel;
  /** The rules whose level is the assessed level, the complaint default first when it is one of them. */
  decidedBy: RuleFinding[];
  /** Every rule that held, most urgent first. */
  findings: RuleFinding[];
}

const allRules: readonly TriageRule[] = [...triageRules, ...redFlagRules];

/** Returns the CTAS level the rule table gives for these findings, with the rules behind it. */
export function evaluateTriageRules(findings: TriageFindings): RulesAssessment {
  const fired = [complaintFinding(findings.complaintId), ...firedRules(findings)].sort((a, b) => a.level - b.level);
  const level = fired[0]!.level;
  return {
    ruleTableVersion,
    level,
    decidedBy: fired.filter((rule) => rule.level === level),
    findings: fired,
  };
}

/** Returns the rules (modifiers and red flags, not the complaint default) that hold. */
export function firedRules(findings: TriageFindings): RuleFinding[] {
  return allRules
    .filter((rule) => conditionHolds(rule.when, findings))
    .map(({ id, modifier, level, finding }) => ({ ruleId: id, modifier, level, finding }));
}

function complaintFinding(complaintId: string): RuleFinding {
  const complaint = findComplaint(complaintId);
  const level = complaintLevels[complaintId];
  if (!complaint || level === undefined) {
    throw new Error(`complaint ${complaintId} has no level in rule table ${ruleTableVersion}; add it to complaintLevels`);
  }
  return {
    ruleId: `complaint.${complaintId}`,
    modifier: 'complaint',
    level,
    finding: { en: `Presenting complaint: ${complaint.label.en}`, fr: `Motif de consultation : ${complaint.label.fr}` },
  };
}

/** Returns the finding text of a rule id, including complaint defaults ("complaint.<id>"). */
export function ruleFindingText(ruleId: string): Bilingual | undefined {
  if (ruleId.startsWith('complaint.')) {
    const complaint = findComplaint(ruleId.slice('complaint.'.length));
    return complaint && { en: `Presenting complaint: ${complaint.label.en}`, fr: `Motif de consultation : ${complaint.label.fr}` };
  }
  return allRules.find((rule) => rule.id === ruleId)?.finding;
}
