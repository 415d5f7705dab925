import { createScratchDatabase, type ScratchDatabase } from '../infra/sql/scratch-database';

// Helpers shared by the benchmark scripts. Benchmarks print their figures; they are not tests.

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set; run scripts/services.sh and export DATABASE_URL=postgres://ohip:ohip@127.0.0.1:5432/ohip\n');
    process.exit(2);
  }
  return url;
}

export function createDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  return createScratchDatabase(serverUrl, `bench_${label}`);
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function summarize(samples: number[]): { count: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

