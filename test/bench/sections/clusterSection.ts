import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { ClusterConnectionEndpoint } from '../../../lib/cluster/ClusterConnectionEndpoint.js';
import { ClusterNode } from '../../../lib/cluster/ClusterNode.js';
import { InProcessLink } from '../../../lib/cluster/InProcessLink.js';
import type { MigrationProgress } from '../../../lib/cluster/MigrationJob.js';
import { bgIteration } from '../../../lib/iteration/bgIteration.js';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { randomValues } from '../benchData.js';
import { ClusterWriter } from '../ClusterWriter.js';
import { clusterProcessRows } from '../clusterProcessRows.js';
import { HALF, keysOfHalf } from '../keysOfHalf.js';

const MB = 1e6;

/** Two nodes in this process over in-process links; the first owns every slot. */
function twoNodes(keyspace: Keyspace): [ClusterNode, ClusterNode] {
  const nodes: ClusterNode[] = [];
  const connect = async (peer: { port: number }) => new InProcessLink(new ClusterConnectionEndpoint(nodes.find((node) => node.topology.myself.port === peer.port)!));
  nodes.push(new ClusterNode({ keyspace, host: '127.0.0.1', port: 7000, connect }), new ClusterNode({ keyspace: new Keyspace(), host: '127.0.0.1', port: 7001, connect }));
  nodes[0]!.topology.assign(
    Array.from({ length: 16384 }, (_, slot) => slot),
    nodes[0]!.id,
  );
  for (const node of nodes) for (const other of nodes) other.topology.merge(node.topology.toDocument());
  return nodes as [ClusterNode, ClusterNode];
}

/** Full sync of the same keys in this process: a replicating bgIteration applied to an empty keyspace. */
async function fullSyncMs(keyspace: Keyspace): Promise<number> {
  const replica = new Keyspace();
  const started = performance.now();
  await new Promise<void>((resolve) => bgIteration(keyspace, { consistent: false, replication: true }).subscribe({ next: (item) => replica.apply(item), complete: resolve }));
  const elapsed = performance.now() - started;
  if (replica.digest() !== keyspace.digest()) throw new Error('full sync baseline: digest differs');
  return elapsed;
}

/**
 * Section "cluster": forkless slot migration of slots 0-8191 holding `keys` strings, first between
 * two real `forkless server` processes over RESP ({@link clusterProcessRows}), then between two
 * nodes in this process (in-process link: the same event loop runs both sides, as the full-sync
 * baseline does), keys/s and MB/s next to a full sync of the same keys; each time the slots move
 * back under the offered write rate (half the writes to the migrating slots, half to other
 * slots), with the handoff pause, the write latencies of each group and the writes/s achieved,
 * against the same writer before the migration.
 *
 * @example
 * ```ts
 * const rows = await clusterSection(context);
 * ```
 */
export async function clusterSection(context: BenchContext): Promise<BenchRow[]> {
  const { keys, valueSize, writeRate, idleMs } = context.options;
  const keyspace = new Keyspace();
  const migrating = keysOfHalf(keys, true, 'mig');
  const values = randomValues(context.random, 4096, valueSize);
  migrating.forEach((key, index) => keyspace.restore(0, key, 'string', values[index & 4095]!, null));
  const syncMs = await fullSyncMs(keyspace);
  console.log(`cluster: full sync of ${keys} keys in ${syncMs.toFixed(0)} ms`);
  const other = keysOfHalf(10_000, false, 'other');
  other.forEach((key, index) => keyspace.restore(0, key, 'string', values[index & 4095]!, null));
  // Over processes first: the in-process writers below overwrite values of this keyspace.
  const processRows = await clusterProcessRows(context, keyspace, { migrating: keys, other: other.length }, (keys / syncMs) * 1000);
  const [source, target] = twoNodes(keyspace);

  const started = performance.now();
  const out = await lastValueFrom(source.migrate([[0, HALF - 1]], target.id));
  const migrateMs = performance.now() - started;
  if (out.state !== 'success') throw new Error(`migration ${out.state}: ${out.message}`);
  console.log(`cluster: migration in ${migrateMs.toFixed(0)} ms`);
  await drainDeletes(source);

  const before = new ClusterWriter([source, target], migrating, other, writeRate, context.random);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const idle = await before.stop();
  const during = new ClusterWriter([source, target], migrating, other, writeRate, context.random);
  const backStarted = performance.now();
  const back: MigrationProgress = await lastValueFrom(target.migrate([[0, HALF - 1]], source.id));
  const backMs = performance.now() - backStarted;
  console.log(`cluster: migration back under load in ${backMs.toFixed(0)} ms`);
  const loaded = await during.stop();
  if (back.state !== 'success') throw new Error(`migration back ${back.state}: ${back.message}`);

  const payload = keys * (migrating[0]!.length + valueSize);
  const keysPerSecond = (keys / migrateMs) * 1000;
  return [
    ...processRows,
    compared('cluster', `migration of slots 0-${HALF - 1} (${keys} keys), no writes`, keysPerSecond, 'keys/s', 'full sync of the same keys', (keys / syncMs) * 1000),
    compared('cluster', 'migration payload throughput', payload / MB / (migrateMs / 1000), 'MB/s', 'full sync', payload / MB / (syncMs / 1000)),
    plain('cluster', 'migration link bytes (commands as RESP arguments)', out.bytes / MB, 'MB'),
    compared('cluster', `migration back under ${writeRate} writes/s`, (keys / backMs) * 1000, 'keys/s', 'without writes', keysPerSecond),
    plain('cluster', 'handoff pause of the migrating slots (source side)', back.pauseMs, 'ms'),
    compared('cluster', 'longest write wait, client of a migrating slot', loaded.migrating.max, 'ms', 'same writer before the migration', idle.migrating.max),
    compared('cluster', 'longest write wait, client of other slots', loaded.other.max, 'ms', 'same writer before the migration', idle.other.max),
    compared(
      'cluster',
      'write p99, all clients, during the migration',
      Math.max(loaded.migrating.p99, loaded.other.p99),
      'ms',
      'before',
      Math.max(idle.migrating.p99, idle.other.p99),
    ),
    compared('cluster', 'writes/s achieved during the migration', loaded.perSecond, 'writes/s', 'before', idle.perSecond),
    compared('cluster', 'longest GC pause during the migration (explains waits of every slot)', loaded.longestGcMs, 'ms', 'before', idle.longestGcMs),
  ];
}

/** Waits until the source's background deletion of moved keys is over. */
async function drainDeletes(node: ClusterNode): Promise<void> {
  while (node.keyspace.databases[0]!.nextSlot(0) < HALF) await new Promise((resolve) => setTimeout(resolve, 5));
}
