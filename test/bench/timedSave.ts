import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { saveSnapshot, type SaveSnapshotOptions } from '../../lib/snapshot/saveSnapshot.js';
import type { ForegroundProbe, ForegroundStats } from './ForegroundProbe.js';
import { memoryAfterGc, MemoryPeak, readMemory, settleAfterGc, type MemoryReading } from './memory.js';

/** One measured saveSnapshot. */
export interface SaveRun {
  readonly keys: number;
  readonly bytes: number;
  readonly elapsedMs: number;
  /** Peak memory above the post-GC level before the save, bytes. */
  readonly extraMemory: MemoryReading;
  readonly foreground: ForegroundStats;
}

/**
 * Saves `keyspace` to `<directory>/<name>.fkl` (`.rdb` with `format: 'rdb'`) while a foreground
 * probe runs, and measures time, size and peak extra memory. `options` go to saveSnapshot (format,
 * time slices). With `afterFullGc` (the default) the save starts right after a forced full GC, so
 * peak memory is measured from a clean baseline; latency runs pass false, because a forced full GC
 * makes the next ~60 ms slow (5–14 ms event-loop gaps, measured) in a way the idle baseline, and a
 * real deployment, never sees.
 *
 * @example
 * ```ts
 * const run = await timedSave(ks, directory, 'idle', () => new ForegroundProbe(target, random));
 * ```
 */
export async function timedSave(
  keyspace: Keyspace,
  directory: string,
  name: string,
  startProbe: () => ForegroundProbe,
  options: SaveSnapshotOptions = {},
  afterFullGc = true,
): Promise<SaveRun> {
  const peak = new MemoryPeak(afterFullGc ? memoryAfterGc() : readMemory());
  if (afterFullGc) await settleAfterGc();
  const probe = startProbe();
  const started = performance.now();
  const extension = options.format === 'rdb' ? 'rdb' : 'fkl';
  const done = await lastValueFrom(saveSnapshot(keyspace, join(directory, `${name}.${extension}`), options));
  const elapsedMs = performance.now() - started;
  const foreground = probe.stop();
  const extraMemory = peak.stop();
  if (done.state !== 'done') throw new Error(`save ended ${done.state}`);
  return { keys: done.keysWritten, bytes: done.bytesWritten, elapsedMs, extraMemory, foreground };
}
