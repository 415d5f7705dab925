import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { round } from './support';
import { authHeaders } from '../test/support/auth';

// Embedded start to first served request, and resident memory after the shared-data import.
// Starts dist/main.js the way `npm run serve` does (same node flags and MALLOC_ARENA_MAX) on an
// empty data folder, polls /health until it answers, waits for the import and its projections
// through /ready, then reads VmRSS from /proc. Then restarts on the same folder. The demo
// directory seed is switched off here: it is generated data, not the shared data import, and it
// keeps writing for a minute or more after the import.

const port = 18_000 + Math.floor(Math.random() * 1000);
const nodeFlags = ['--max-semi-space-size=2', '--max-old-space-size=256'];

async function main(): Promise<void> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-startup-'));
  try {
    const first = await startAndMeasure(dataDirectory, true);
    const second = await startAndMeasure(dataDirectory, false);
    process.stdout.write(`first start (empty folder): first request served after ${first.firstRequestMs} ms; import done after ${first.importMs} ms; RSS after import ${first.rssMb} MB\n`);
    process.stdout.write(`second start (data present): first request served after ${second.firstRequestMs} ms; RSS ${second.rssMb} MB\n`);
  } finally {
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

async function startAndMeasure(dataDirectory: string, waitForImport: boolean) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, path.resolve(__dirname, '..', 'main.js')], {
    env: { ...process.env, PORT: String(port), OHIP_DATA_DIR: dataDirectory, LOG_LEVEL: 'warn', MALLOC_ARENA_MAX: '1', OHIP_SEED_DEMO_DIRECTORY: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  try {
    await poll(() => fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok), 30_000);
    const firstRequestMs = Math.round(performance.now() - started);

    let importMs = 0;
    if (waitForImport) {
      await poll(async () => {
        const ready = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as { import: { state: string }[]; projections: { position: string }[] };
        return ready.import.length === 2 && ready.import.every((dataset) => dataset.state === 'done' || dataset.state === 'skipped');
      }, 180_000);
      importMs = Math.round(performance.now() - started);
      // The import finishes before its last projection batch lands; wait until no projection has
      // unapplied events.
      await poll(async () => {
        // /metrics is for operators, so the bench signs in as the development issuer's admin.
        const headers = await authHeaders(`http://127.0.0.1:${port}`, { role: 'admin' });
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers })).text();
        const lags = [...metrics.matchAll(/^ohip_projection_lag_events\{[^}]*\} (\d+)$/gm)].map((match) => Number(match[1]));
        return lags.length > 0 && lags.every((lag) => lag === 0);
      }, 30_000);
    }

    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { firstRequestMs, importMs, rssMb: round(rssKb / 1024, 0) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await check().catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
