import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { measureWork, type WorkCost } from './measureWork.js';
import { memoryAfterGc, settleAfterGc } from './memory.js';

/** One measured loadSnapshot. */
export interface LoadRun extends WorkCost {
  /** What the loaded keyspace holds (heap + external after GC, before vs after), bytes. */
  readonly memoryBytes: number;
}

/**
 * Loads the snapshot at `path` (`.fkl` or RDB) into a new keyspace after a full GC, measures wall
 * time, CPU, GC pauses and the memory of the result, then checks it holds `original`'s data.
 *
 * @example
 * ```ts
 * const run = await timedLoad('/tmp/strings.fkl', dataset.keyspace); // run.wallMs, run.gcMs
 * ```
 */
export async function timedLoad(path: string, original: Keyspace): Promise<LoadRun> {
  const before = memoryAfterGc();
  await settleAfterGc();
  const { result: loaded, cost } = await measureWork(() => loadSnapshot(path));
  const memoryBytes = memoryAfterGc().heap - before.heap;
  if (loaded.digest() !== original.digest()) throw new Error(`${path}: the loaded keyspace differs from the one saved`);
  return { ...cost, memoryBytes };
}
