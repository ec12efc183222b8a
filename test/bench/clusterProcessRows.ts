import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { BenchContext } from './BenchContext.js';
import { compared, type BenchRow } from './BenchRow.js';
import { ClusterProcessPair } from './ClusterProcessPair.js';
import { ClusterWriterChild } from './ClusterWriterChild.js';
import { HALF, keysOfHalf } from './keysOfHalf.js';

const MB = 1e6;

/**
 * The cluster section's rows over two real `forkless server` processes: slots `0..last` holding
 * the `migrating` keys (`keysOfHalf(count, true, 'mig')`) move from the source (started from a
 * snapshot of `keyspace`, which also holds the `other` keys, `keysOfHalf(count, false, 'other')`)
 * to the target over RESP without writes, then back under the offered write rate (half to the
 * migrating keys, half to the others, each half a client with its own connections, in a writer
 * process of its own); the same writer runs `idleMs` before the migration back as the idle
 * reference.
 * The handoff pause is the one the source logs (`slot migration … handoff pause`); a client of
 * the migrating slots also waits for it (its longest write wait).
 *
 * @example
 * ```ts
 * const rows = await clusterProcessRows(context, keyspace, { migrating: 1_000_000, other: 10_000 }, fullSyncKeysPerSecond);
 * ```
 */
export async function clusterProcessRows(
  context: BenchContext,
  keyspace: Keyspace,
  counts: { readonly migrating: number; readonly other: number },
  fullSyncKeysPerSecond: number,
): Promise<BenchRow[]> {
  const { valueSize, writeRate, idleMs, seed } = context.options;
  const last = HALF - 1;
  const pair = await ClusterProcessPair.start(keyspace);
  try {
    const { source, target } = pair;
    const { ms: outMs, pauseMs: outPauseMs } = await pair.migrate(source, target, 0, last);
    console.log(`cluster (processes): migration of ${counts.migrating} keys in ${outMs.toFixed(0)} ms`);
    await pair.keysOn(source, counts.other);
    const spec = {
      ports: { migrating: target.port, other: source.port },
      migratingKeys: counts.migrating,
      migratingPrefix: 'mig',
      otherKeys: counts.other,
      otherPrefix: 'other',
      rate: writeRate,
    };
    const before = await ClusterWriterChild.start({ ...spec, seed });
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const idle = await before.stop();
    const during = await ClusterWriterChild.start({ ...spec, seed: seed + 1 });
    const { ms: backMs, pauseMs } = await pair.migrate(target, source, 0, last);
    const loaded = await during.stop();
    console.log(`cluster (processes): migration back under load in ${backMs.toFixed(0)} ms`);

    const keys = counts.migrating;
    const keysPerSecond = (keys / outMs) * 1000;
    const payload = keys * (keysOfHalf(1, true, 'mig')[0]!.length + valueSize);
    const label = (text: string) => `${text} (2 server processes)`;
    return [
      compared(
        'cluster',
        label(`migration of slots 0-${last} (${keys} keys), no writes`),
        keysPerSecond,
        'keys/s',
        'full sync of the same keys, in-process',
        fullSyncKeysPerSecond,
      ),
      compared('cluster', label('migration payload throughput'), payload / MB / (outMs / 1000), 'MB/s', 'full sync, in-process', (payload / MB) * (fullSyncKeysPerSecond / keys)),
      compared('cluster', label(`migration back under ${writeRate} writes/s`), (keys / backMs) * 1000, 'keys/s', 'without writes', keysPerSecond),
      compared('cluster', label(`handoff pause of the migrating slots under ${writeRate} writes/s (source side)`), pauseMs, 'ms', 'without writes', outPauseMs),
      compared('cluster', label('longest write wait, client of the migrating slots'), loaded.migrating.max, 'ms', 'same writer, idle', idle.migrating.max),
      compared('cluster', label('longest write wait, client of other slots'), loaded.other.max, 'ms', 'same writer, idle', idle.other.max),
      compared('cluster', label('write p99, client of the migrating slots, during the migration'), loaded.migrating.p99, 'ms', 'same writer, idle', idle.migrating.p99),
      compared('cluster', label('write p99, client of other slots, during the migration'), loaded.other.p99, 'ms', 'same writer, idle', idle.other.p99),
      compared('cluster', label('writes/s achieved during the migration'), loaded.perSecond, 'writes/s', 'idle', idle.perSecond),
      compared('cluster', label("longest GC pause of the writer's own process during the migration"), loaded.longestGcMs, 'ms', 'idle', idle.longestGcMs),
    ];
  } finally {
    await pair.stop();
  }
}
