import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './BenchOptions.js';
import type { BenchRow } from './BenchRow.js';

/** Everything a run records. */
export interface BenchResults {
  readonly options: BenchOptions;
  readonly machine: string;
  readonly rows: readonly BenchRow[];
  /** The targets, met or missed (see targets.ts). */
  readonly targets: readonly string[];
  readonly durationMs: number;
}

/**
 * Writes a run's results to `test/bench/results/<ISO date and time>.json` (ignored by git) and
 * returns the path.
 *
 * @example
 * ```ts
 * writeResults({ options, machine: machineDescription(), rows, durationMs }); // '…/results/2026-11-27T15-02-11.json'
 * ```
 */
export function writeResults(results: BenchResults): string {
  const directory = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(directory, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  const file = join(directory, `${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)}\n`);
  return file;
}
