import { createServer, type AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { RedisLeader } from '../../../lib/replication/redis/RedisLeader.js';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { ForegroundProbe, type ForegroundStats } from '../ForegroundProbe.js';
import { LeaderChild } from '../LeaderChild.js';
import { RedisProcess } from '../RedisProcess.js';
import { loadIntoRedis } from '../RedisWriter.js';
import { replicaSync } from './redisSection.js';

/** The forkless side of the psync rows: a redis replica's full sync from a forkless leader, quiet and under writes. */
export interface ForklessReplicaSyncs {
  readonly quietMs: number;
  readonly loadedMs: number;
  /** The writer's figures during the sync under writes. */
  readonly duringSync: ForegroundStats;
}

/**
 * A real redis replica's full sync from a forkless leader (Redis replication protocol, RDB from a
 * consistent + replication iteration) of the context's dataset, without writes and under the
 * write rate; the writer's figures of the second follow one unmeasured sync under writes (it
 * compiles their path) and start once the replica process is up. Runs in a leader process
 * ({@link LeaderChild}).
 *
 * @example
 * ```ts
 * const { quietMs, loadedMs, duringSync } = await forklessReplicaSyncs(context);
 * ```
 */
export async function forklessReplicaSyncs(context: BenchContext): Promise<ForklessReplicaSyncs> {
  const { dataset, directory, options } = context;
  const leader = new RedisLeader(dataset.keyspace, { log: () => {} });
  const server = createServer((socket) => leader.accept(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  try {
    const quietMs = (await replicaSync(directory, port, dataset.keys)).elapsedMs;
    const syncUnderWrites = async () => {
      let probe: ForegroundProbe | null = null;
      const { elapsedMs } = await replicaSync(
        directory,
        port,
        dataset.keys,
        () => (probe = new ForegroundProbe({ ...context.writer, writeRate: options.writeRate }, context.random)),
      );
      return { elapsedMs, foreground: probe!.stop() };
    };
    await syncUnderWrites();
    const { elapsedMs: loadedMs, foreground: duringSync } = await syncUnderWrites();
    return { quietMs, loadedMs, duringSync };
  } finally {
    leader.close();
    server.close();
  }
}

/**
 * Section "psync" (when `redis-server` is on PATH): a real redis replica's full sync from a
 * forkless leader ({@link forklessReplicaSyncs}, in a leader process of its own) next to its full
 * sync from a redis-server primary holding the same data (diskless, no delay); the forkless
 * writer's p99 during that sync next to the leader process's own idle baseline.
 *
 * @example
 * ```ts
 * const rows = await psyncSection(context);
 * ```
 */
export async function psyncSection(context: BenchContext): Promise<BenchRow[]> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return [plain('psync', 'redis-server not on PATH: comparison skipped', 0, '')];
  const { dataset, directory, options } = context;
  const { idle, result } = await LeaderChild.run<ForklessReplicaSyncs>(options, 'psync');
  const { quietMs, loadedMs, duringSync } = result;
  const primary = await RedisProcess.start(directory, 'psync-primary', ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0']);
  let redisMs: number;
  try {
    await loadIntoRedis(dataset.keyspace, primary.port);
    redisMs = (await replicaSync(directory, primary.port, dataset.keys)).elapsedMs;
  } finally {
    await primary.stop();
  }
  return [
    compared('psync', 'redis replica full sync from forkless, no writes', quietMs, 'ms', 'from redis-server primary, diskless, no writes', redisMs),
    compared('psync', `redis replica full sync from forkless, ${options.writeRate} SET/s on forkless`, loadedMs, 'ms', 'from redis-server primary, diskless, no writes', redisMs),
    compared('psync', 'forkless writer latency p99 during that sync vs idle', duringSync.latencyP99, 'ms', 'idle', idle.latencyP99),
    plain('psync', 'forkless writer latency max during that sync', duringSync.latencyMax, 'ms'),
  ];
}
