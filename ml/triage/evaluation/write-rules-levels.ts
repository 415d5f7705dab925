// Writes the CTAS rules' level for every shared KTAS row to ml/training/data/ktas-rules-levels.json.
// The trainer reads it as a model feature and to choose the decision threshold for the engine the
// product runs, the rules and the model combined, rather than for the model alone. Run after `npm run build`:
//   node dist/ml/triage/evaluation/write-rules-levels.js

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

import { evaluateTriageRules, ruleTableVersion } from '../../../domain/triage';
import { repositoryPath } from '../../../infra/config/shared-data';
import { ktasFile, readKtasRows } from '../ktas';

function main(): void {
  const file = ktasFile();
  const rows = readKtasRows(file);
  const output = {
    ruleTableVersion,
    dataSha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    rows: rows.map((row) => ({ complaintId: row.findings.complaintId, rulesLevel: evaluateTriageRules(row.findings).level })),
  };

  const target = repositoryPath('ml', 'training', 'data', 'ktas-rules-levels.json');
  writeFileSync(target, `${JSON.stringify(output)}\n`);
  process.stdout.write(`wrote ${target} (${rows.length} rows, rule table ${ruleTableVersion})\n`);
}

main();
