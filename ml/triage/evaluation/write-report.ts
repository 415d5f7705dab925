// Writes docs/triage-evaluation.md from the held-out KTAS rows. Run after `npm run build`:
//   node dist/ml/triage/evaluation/write-report.js

import { writeFileSync } from 'node:fs';

import { classifierMetrics, ruleTableVersion } from '../../../domain/triage';
import { repositoryPath } from '../../../infra/config/shared-data';
import { UrgencyModel } from '../urgency-model';
import { evaluateOnHeldoutRows } from './evaluate-ktas';
import { renderReport } from './report';

async function main(): Promise<void> {
  const model = await UrgencyModel.load();
  const evaluation = await evaluateOnHeldoutRows(model);
  const markdown = renderReport(evaluation, model.card, ruleTableVersion, classifierMetrics);

  const target = repositoryPath('docs', 'triage-evaluation.md');
  writeFileSync(target, markdown);
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`triage evaluation failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
