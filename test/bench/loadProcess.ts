/**
 * A process of its own for one timed load (forked by {@link timedLoad}): it loads the snapshot at
 * `process.argv[2]` once and reports what it cost, the memory the result holds and its digest.
 * Like redis-server loading its RDB at start, it holds nothing else: neither the bench's datasets
 * (whose mark-compacts would be counted as the load's) nor code warmed up by earlier loads. Given
 * a directory as `process.argv[3]`, it then saves what it loaded there, as `.fkl` and as RDB, and
 * reports each save's wall time: a forkless process holding only this data saves it, as
 * redis-server's BGSAVE child holds only its data.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import { measureWork } from './measureWork.js';
import { memoryAfterGc, settleAfterGc } from './memory.js';
import type { LoadReport, SavesOfLoaded } from './timedLoad.js';

const [path, saveDirectory] = process.argv.slice(2);
if (path === undefined || process.send === undefined) throw new Error('loadProcess.ts is forked by the bench with the path of a snapshot');
const before = memoryAfterGc();
await settleAfterGc();
const { result: loaded, cost } = await measureWork(() => loadSnapshot(path));
const memoryBytes = memoryAfterGc().heap - before.heap;
const saves = saveDirectory === undefined ? undefined : await timedSaves(loaded, saveDirectory);
const report: LoadReport = { ...cost, memoryBytes, digest: loaded.digest(), saves };
process.send(report);
process.disconnect();

/** Saves `keyspace` as `.fkl`, then as RDB, each after a settled full GC; wall times, files removed. */
async function timedSaves(keyspace: Keyspace, directory: string): Promise<SavesOfLoaded> {
  const wallMs = { fklMs: 0, rdbMs: 0 };
  for (const [format, field] of [
    ['forkless', 'fklMs'],
    ['rdb', 'rdbMs'],
  ] as const) {
    const file = join(directory, `loaded-save.${format}`);
    await settleAfterGc();
    const started = performance.now();
    const done = await lastValueFrom(saveSnapshot(keyspace, file, { format }));
    wallMs[field] = performance.now() - started;
    await rm(file);
    if (done.state !== 'done') throw new Error(`the save of the loaded data ended ${done.state}`);
  }
  return wallMs;
}
