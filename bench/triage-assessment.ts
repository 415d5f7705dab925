// Measures one full triage assessment (feature building, ONNX inference, CTAS rules and the
// decision rules) one session at a time, the way the assessment endpoint runs it.
// Run: npm run build && node dist/bench/triage-assessment.js [runs]

import { assess } from '../ml/triage/assess';
import { readKtasRows } from '../ml/triage/ktas';
import { UrgencyModel } from '../ml/triage/urgency-model';

const defaultRuns = 10_000;
const warmupRuns = 200;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? defaultRuns);
  const model = await UrgencyModel.load();
  const sessions = readKtasRows(undefined, model.card.unclassifiedComplaint).map((row) => row.findings);

  for (let run = 0; run < warmupRuns; run++) {
    await assess(sessions[run % sessions.length]!, model);
  }

  const durations: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await assess(sessions[run % sessions.length]!, model);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  durations.sort((a, b) => a - b);
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  process.stdout.write(
    `triage assessment, ${runs} runs over ${sessions.length} KTAS sessions (model ${model.card.modelVersion})\n` +
      `p50 ${percentile(durations, 0.5).toFixed(3)} ms  p95 ${percentile(durations, 0.95).toFixed(3)} ms  ` +
      `p99 ${percentile(durations, 0.99).toFixed(3)} ms  mean ${mean.toFixed(3)} ms  max ${durations[durations.length - 1]!.toFixed(3)} ms\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`triage benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
