import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { loadEscalationRules, monitoringVariables, type EscalationRuleSet } from '../../domain/monitoring';
import { ValidationError } from '../../domain/shared/errors';

/**
 * Loads every *.yaml rule file of a folder into one rule set, at start-up. A mistake in any file
 * stops the start with the file, line and column: a partly loaded set would silently stop
 * escalating some patients.
 */
export function loadEscalationRuleFiles(directory: string): EscalationRuleSet {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
  if (files.length === 0) {
    throw new ValidationError(`no escalation rule file (*.yaml) was found in ${directory}; add one or set OHIP_MONITORING_RULES_DIR`);
  }

  const knownVariables = monitoringVariables();
  const origins = new Map<string, string>();
  const rules = files.flatMap((name) => {
    const file = path.join(directory, name);
    const loaded = loadEscalationRules(readFileSync(file, 'utf8'), { sourceName: file, knownVariables });
    for (const rule of loaded.rules) {
      const earlier = origins.get(rule.id);
      if (earlier) {
        const where = `${file}:${rule.position.line}:${rule.position.column}`;
        throw new ValidationError(`${where}: rule '${rule.id}': id is also used in ${earlier}; ids must be unique across the rule files`, [
          { field: 'rules.id', rule: 'must be unique across the rule files' },
        ]);
      }
      origins.set(rule.id, file);
    }
    return loaded.rules;
  });
  return { version: 1, rules };
}
