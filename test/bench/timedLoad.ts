import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { reportOfChild } from './ChildReports.js';
import type { WorkCost } from './measureWork.js';

/** One measured loadSnapshot. */
export interface LoadRun extends WorkCost {
  /** What the loaded keyspace holds (heap + external after GC, before vs after), bytes. */
  readonly memoryBytes: number;
}

/** Wall times of saveSnapshot of the loaded data, in the load's own process, ms. */
export interface SavesOfLoaded {
  readonly fklMs: number;
  readonly rdbMs: number;
}

/** What the load process reports: the run, the loaded keyspace's digest, and its saves if asked. */
export interface LoadReport extends LoadRun {
  readonly digest: string;
  readonly saves: SavesOfLoaded | undefined;
}

/**
 * Loads the snapshot at `path` (`.fkl` or RDB) in a new process of its own (`loadProcess.ts`
 * under tsx), as redis-server loads its RDB at start; measures wall time, CPU, GC pauses and the
 * memory of the result there, then checks the result holds `original`'s data. With a
 * `saveDirectory`, that process then saves the loaded data there as `.fkl` and as RDB (`saves`).
 *
 * @example
 * ```ts
 * const run = await timedLoad('/tmp/strings.fkl', dataset.keyspace); // run.wallMs, run.gcMs
 * ```
 */
export async function timedLoad(path: string, original: Keyspace, saveDirectory?: string): Promise<Omit<LoadReport, 'digest'>> {
  const args = saveDirectory === undefined ? [path] : [path, saveDirectory];
  const { digest, ...run } = await reportOfChild<LoadReport>('loadProcess.ts', args, `the load of ${path}`);
  if (digest !== original.digest()) throw new Error(`${path}: the loaded keyspace differs from the one saved`);
  return run;
}
