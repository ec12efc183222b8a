/**
 * A process of its own for one timed load (forked by {@link timedLoad}): it loads the snapshot at
 * `process.argv[2]` once and reports what it cost, the memory the result holds and its digest.
 * Like redis-server loading its RDB at start, it holds nothing else: neither the bench's datasets
 * (whose mark-compacts would be counted as the load's) nor code warmed up by earlier loads.
 */
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { measureWork } from './measureWork.js';
import { memoryAfterGc, settleAfterGc } from './memory.js';
import type { LoadReport } from './timedLoad.js';

const path = process.argv[2];
if (path === undefined || process.send === undefined) throw new Error('loadProcess.ts is forked by the bench with the path of a snapshot');
const before = memoryAfterGc();
await settleAfterGc();
const { result: loaded, cost } = await measureWork(() => loadSnapshot(path));
const report: LoadReport = { ...cost, memoryBytes: memoryAfterGc().heap - before.heap, digest: loaded.digest() };
process.send(report);
process.disconnect();
