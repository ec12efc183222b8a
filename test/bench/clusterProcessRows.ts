import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { BenchContext } from './BenchContext.js';
import { compared, type BenchRow } from './BenchRow.js';
import { ClusterProcessPair } from './ClusterProcessPair.js';
import { RespClusterWriter } from './RespClusterWriter.js';

const MB = 1e6;

/**
 * The cluster section's rows over two real `forkless server` processes: slots `0..last` holding
 * the `migrating` keys move from the source (started from a snapshot of `keyspace`, which also
 * holds the `other` keys) to the target over RESP without writes, then back under the offered
 * write rate (half to the migrating keys, half to the others, each half a client with its own
 * connections); the same writer runs `idleMs` before the migration back as the idle reference.
 * The handoff pause is the one the source logs (`slot migration … handoff pause`); a client of
 * the migrating slots also waits for it (its longest write wait).
 *
 * @example
 * ```ts
 * const rows = await clusterProcessRows(context, keyspace, migrating, other, 8191, fullSyncKeysPerSecond);
 * ```
 */
export async function clusterProcessRows(
  context: BenchContext,
  keyspace: Keyspace,
  migrating: readonly string[],
  other: readonly string[],
  last: number,
  fullSyncKeysPerSecond: number,
): Promise<BenchRow[]> {
  const { valueSize, writeRate, idleMs } = context.options;
  const pair = await ClusterProcessPair.start(keyspace);
  try {
    const { source, target } = pair;
    const { ms: outMs, pauseMs: outPauseMs } = await pair.migrate(source, target, 0, last);
    console.log(`cluster (processes): migration of ${migrating.length} keys in ${outMs.toFixed(0)} ms`);
    await pair.keysOn(source, other.length);
    const ports = { migrating: target.port, other: source.port };
    const before = await RespClusterWriter.start(ports, migrating, other, writeRate, context.random);
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const idle = await before.stop();
    const during = await RespClusterWriter.start(ports, migrating, other, writeRate, context.random);
    const { ms: backMs, pauseMs } = await pair.migrate(target, source, 0, last);
    const loaded = await during.stop();
    console.log(`cluster (processes): migration back under load in ${backMs.toFixed(0)} ms`);

    const keys = migrating.length;
    const keysPerSecond = (keys / outMs) * 1000;
    const payload = keys * (migrating[0]!.length + valueSize);
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
      compared('cluster', label("longest GC pause of the client's process during the migration (delays its writes too)"), loaded.longestGcMs, 'ms', 'idle', idle.longestGcMs),
    ];
  } finally {
    await pair.stop();
  }
}
