import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../lib/seededRandom.js';
import type { BenchContext } from './BenchContext.js';
import type { BenchOptions } from './BenchOptions.js';
import { idlePhase } from './ForegroundProbe.js';
import { buildStringDataset } from './stringDataset.js';

/**
 * The string dataset of `options` (built from its seed), the writer on it, a scratch directory
 * (the caller removes it) and the idle baseline: the stricter of two idle phases (lower writer
 * p99), so no ratio is flattered by a noisy one. The same in the bench process and in a leader
 * child process that measures on its own.
 *
 * @example
 * ```ts
 * const context = await createBenchContext(parseBenchOptions([]));
 * context.phases.get('idle')!.latencyP99;
 * ```
 */
export async function createBenchContext(options: BenchOptions): Promise<BenchContext> {
  const random = seededRandom(options.seed);
  const dataset = buildStringDataset(random, options.keys, options.valueSize);
  const writer = { keyspace: dataset.keyspace, keys: dataset.keys, valueSize: options.valueSize, writeRate: options.writeRate };
  const directory = mkdtempSync(join(tmpdir(), 'forkless-bench-'));
  const context: BenchContext = { options, random, dataset, writer, directory, phases: new Map(), figures: new Map() };
  // Building the dataset ended with a forced full GC: let the writer run unrecorded first, so the
  // idle baseline is not measured in the slow window that follows one (see timedSave).
  await idlePhase(writer, random, 500);
  const idleRuns = [await idlePhase(writer, random, options.idleMs), await idlePhase(writer, random, options.idleMs)];
  context.phases.set(
    'idle',
    idleRuns.reduce((best, run) => (run.latencyP99 < best.latencyP99 ? run : best)),
  );
  return context;
}
