// Percentiles of latency samples, and bench/results.json, which every benchmark merges its figures into.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface BenchRecord {
  name: string;
  value: number;
  unit: string;
}

export const RESULTS = path.join(__dirname, 'results.json');

/** Nearest-rank percentile: always one of the samples, never an interpolation. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Replaces the records of the same name in bench/results.json and keeps the others. */
export function mergeResults(records: readonly BenchRecord[]): void {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchRecord[]) : [];
  const names = new Set(records.map((record) => record.name));
  writeFileSync(RESULTS, `${JSON.stringify([...previous.filter((record) => !names.has(record.name)), ...records], null, 2)}\n`);
}

/** `mergeResults`, unless BENCH_SERVER names another build's server: its figures are printed, not recorded as this build's. */
export function recordResults(records: readonly BenchRecord[]): void {
  if (process.env.BENCH_SERVER) process.stdout.write('BENCH_SERVER is set: bench/results.json is left as it was.\n');
  else mergeResults(records);
}
