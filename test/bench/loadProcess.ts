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
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { seededRandom } from '../../lib/seededRandom.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { ForegroundProbe } from './ForegroundProbe.js';
import { measureWork } from './measureWork.js';
import { memoryAfterGc, settleAfterGc } from './memory.js';
import type { LoadReport, SavesOfLoaded } from './timedLoad.js';
import { timedSave } from './timedSave.js';

/** The name of the files the saves write (and remove) in the directory given. */
const SAVE_NAME = 'loaded-save';

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

/**
 * Saves `keyspace` as `.fkl`, then as RDB, the way the bench process's own saves are measured
 * (`timedSave`, event loop monitored, no writer); the wall times, the files removed.
 */
async function timedSaves(keyspace: Keyspace, directory: string): Promise<SavesOfLoaded> {
  const probe = () => new ForegroundProbe({ keyspace, keys: 0, valueSize: 1, writeRate: 0 }, seededRandom(1));
  const fkl = await timedSave(keyspace, directory, SAVE_NAME, probe);
  const rdb = await timedSave(keyspace, directory, SAVE_NAME, probe, { format: 'rdb' });
  await Promise.all(['fkl', 'rdb'].map((extension) => rm(join(directory, `${SAVE_NAME}.${extension}`))));
  return { fklMs: fkl.elapsedMs, rdbMs: rdb.elapsedMs };
}
