import { cpus } from 'node:os';
import { startLeader } from '../../../lib/replication/Leader.js';
import type { BenchContext } from '../BenchContext.js';
import { plain, type BenchRow } from '../BenchRow.js';
import { withProcessPinned } from '../cpuAffinity.js';
import type { ForegroundStats } from '../ForegroundProbe.js';
import { foregroundRows } from '../foregroundRows.js';
import { LeaderChild } from '../LeaderChild.js';
import { fullSync } from './fullSyncSection.js';

/** The cores of the pinned runs: the follower child on one, the leader process on the other. */
const FOLLOWER_CORE = 1;
const LEADER_CORE = 0;

/** One pinned run: the target figure it feeds, how it was pinned, the writer's figures. */
export type PinnedRun = readonly [figure: string, what: string, foreground: ForegroundStats];

/**
 * The writer's figures on the leader during a full sync of the string dataset under the write
 * rate, three ways: the follower child pinned to core 1 (`taskset -c` on the child only), the same
 * with every thread of the leader's process pinned to core 0 (`taskset -a -p`, restored after), and
 * nothing pinned; after one unmeasured warm-up sync under the same load (the first one compiles
 * the write path of a replicating iteration).
 *
 * @example
 * ```ts
 * const runs = await pinnedSyncs(context); // in the leader process
 * ```
 */
export async function pinnedSyncs(context: BenchContext): Promise<PinnedRun[]> {
  const rate = context.options.writeRate;
  const leader = await startLeader({ keyspace: context.dataset.keyspace });
  try {
    await fullSync(context, leader, rate, FOLLOWER_CORE);
    const pinned = await fullSync(context, leader, rate, FOLLOWER_CORE);
    const both = await withProcessPinned(LEADER_CORE, () => fullSync(context, leader, rate, FOLLOWER_CORE));
    const unpinned = await fullSync(context, leader, rate);
    return [
      ['p99Pinned', `follower on core ${FOLLOWER_CORE} (taskset on the child only)`, pinned.foreground],
      ['p99BothPinned', `follower on core ${FOLLOWER_CORE}, all leader threads on core ${LEADER_CORE} (taskset -a -p)`, both.foreground],
      ['p99Unpinned', 'nothing pinned', unpinned.foreground],
    ];
  } finally {
    await leader.close();
  }
}

/**
 * The rows of {@link pinnedSyncs}, measured in a leader process of its own ({@link LeaderChild}),
 * each next to that process's own idle baseline. Records `interop.p99Pinned` (child only),
 * `interop.p99BothPinned` and `interop.p99Unpinned` for the targets.
 *
 * @example
 * ```ts
 * const rows = await pinnedSyncRows(context);
 * ```
 */
export async function pinnedSyncRows(context: BenchContext): Promise<BenchRow[]> {
  if (cpus().length <= FOLLOWER_CORE) return [plain('interop', `one core: no pinned full syncs`, 0, '')];
  const { idle, result: runs } = await LeaderChild.run<PinnedRun[]>(context.options, 'pinned');
  const rate = context.options.writeRate;
  return runs.flatMap(([figure, what, foreground]) => {
    const rows = foregroundRows('interop', `leader process during full sync, ${rate} SET/s, ${what}`, foreground, idle, ['latencyP99', 'latencyMax']);
    context.figures.set(`interop.${figure}`, rows[0]!.ratio!);
    return rows;
  });
}
