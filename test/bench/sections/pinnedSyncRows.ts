import { cpus } from 'node:os';
import { startLeader } from '../../../lib/replication/Leader.js';
import type { BenchContext } from '../BenchContext.js';
import { plain, type BenchRow } from '../BenchRow.js';
import { withProcessPinned } from '../cpuAffinity.js';
import { foregroundRows } from '../foregroundRows.js';
import { fullSync, type SyncRun } from './fullSyncSection.js';

/** The cores of the pinned runs: the follower child on one, the leader (this process) on the other. */
const FOLLOWER_CORE = 1;
const LEADER_CORE = 0;

/**
 * The writer's p99 and max on the leader during a full sync of the string dataset under the write
 * rate, three ways: the follower child pinned to core 1 (`taskset -c` on the child only), the same
 * with every thread of the leader's process pinned to core 0 (`taskset -a -p`, restored after), and
 * nothing pinned; each next to idle, after one unmeasured warm-up sync under the same load (the
 * first one compiles the write path of a replicating iteration). Records `interop.p99Pinned` (child only),
 * `interop.p99BothPinned` and `interop.p99Unpinned` for the targets.
 *
 * @example
 * ```ts
 * const rows = await pinnedSyncRows(context);
 * ```
 */
export async function pinnedSyncRows(context: BenchContext): Promise<BenchRow[]> {
  if (cpus().length <= FOLLOWER_CORE) return [plain('interop', `one core: no pinned full syncs`, 0, '')];
  const rate = context.options.writeRate;
  const idle = context.phases.get('idle')!;
  const leader = await startLeader({ keyspace: context.dataset.keyspace });
  const runs: [string, string, SyncRun][] = [];
  try {
    // Unmeasured: the first sync under writes compiles the write path of a replicating iteration.
    await fullSync(context, leader, rate, FOLLOWER_CORE);
    const child = `follower on core ${FOLLOWER_CORE} (taskset on the child only)`;
    runs.push(['p99Pinned', child, await fullSync(context, leader, rate, FOLLOWER_CORE)]);
    const both = await withProcessPinned(LEADER_CORE, () => fullSync(context, leader, rate, FOLLOWER_CORE));
    runs.push(['p99BothPinned', `follower on core ${FOLLOWER_CORE}, all leader threads on core ${LEADER_CORE} (taskset -a -p)`, both]);
    runs.push(['p99Unpinned', 'nothing pinned', await fullSync(context, leader, rate)]);
  } finally {
    await leader.close();
  }
  return runs.flatMap(([figure, what, run]) => {
    const rows = foregroundRows('interop', `leader during full sync, ${rate} SET/s, ${what}`, run.foreground, idle, ['latencyP99', 'latencyMax']);
    context.figures.set(`interop.${figure}`, rows[0]!.ratio!);
    return rows;
  });
}
