import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { RedisProcess } from '../RedisProcess.js';
import { loadIntoRedis, RedisWriter } from '../RedisWriter.js';

const MB = 1e6;

/** One measured BGSAVE. */
export interface BgsaveRun {
  readonly elapsedMs: number;
  readonly copyOnWriteBytes: number;
  readonly forkMs: number;
}

/**
 * Section "redis" (when `redis-server` is on PATH): the same dataset loaded into redis-server,
 * its fork-based BGSAVE (time, copy-on-write, fork pause) idle and under the same SET rate, the
 * writer's latency idle and during BGSAVE, and a replica's full sync; each next to the forkless
 * figure from the same run (ratio = forkless / redis).
 *
 * @example
 * ```ts
 * const rows = await redisSection(context); // after the snapshot and full-sync sections
 * ```
 */
export async function redisSection(context: BenchContext): Promise<BenchRow[]> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return [plain('redis', 'redis-server not on PATH: comparison skipped', 0, '')];
  const { dataset, directory, options } = context;
  const leader = await RedisProcess.start(directory, 'leader', ['--repl-diskless-sync-delay', '0']);
  try {
    await loadIntoRedis(dataset.keyspace, leader.port);
    const usedMemory = await leader.infoNumber('memory', 'used_memory');
    const idleWriter = await runWriter(context, leader, () => new Promise((resolve) => setTimeout(resolve, options.idleMs)));
    const quiet = await bgsave(leader);
    let loaded: BgsaveRun | null = null;
    const loadedWriter = await runWriter(context, leader, async () => (loaded = await bgsave(leader)));
    const syncMs = (await replicaSync(directory, leader.port, dataset.keys)).elapsedMs;
    return comparisonRows(context, { usedMemory, quiet, loaded: loaded!, idleWriter, loadedWriter, syncMs });
  } finally {
    await leader.stop();
  }
}

async function runWriter(context: BenchContext, redis: RedisProcess, during: () => Promise<unknown>) {
  const { options } = context;
  const writer = await RedisWriter.start(redis.port, context.dataset.keys, options.valueSize, options.writeRate, context.random);
  await during();
  return writer.stop();
}

/**
 * Runs BGSAVE and waits for it to end (also used by the interop section).
 *
 * @example
 * ```ts
 * const { elapsedMs, copyOnWriteBytes } = await bgsave(redis);
 * ```
 */
export async function bgsave(redis: RedisProcess): Promise<BgsaveRun> {
  const started = performance.now();
  await redis.call(['BGSAVE']);
  await redis.waitFor('persistence', (fields) => fields.get('rdb_bgsave_in_progress') === '0');
  const elapsedMs = performance.now() - started;
  const persistence = await redis.info('persistence');
  if (persistence.get('rdb_last_bgsave_status') !== 'ok') throw new Error('redis BGSAVE failed');
  const forkMs = (await redis.infoNumber('stats', 'latest_fork_usec')) / 1000;
  return { elapsedMs, copyOnWriteBytes: Number(persistence.get('rdb_last_cow_size')), forkMs };
}

/**
 * A fresh replica (its RDB of an earlier sync removed, so it starts empty) syncs from
 * `leaderPort`: time from REPLICAOF to a link up with every key, and the replica's CPU time over
 * it (also used by the psync and interop sections). `beforeSync` runs once the replica process is
 * up, right before REPLICAOF: a probe started there measures the sync, not the fork and start of a
 * redis-server from this process (a stall of tens of ms with a large heap).
 *
 * @example
 * ```ts
 * const { elapsedMs, cpuMs } = await replicaSync(directory, leader.port, keys);
 * ```
 */
export async function replicaSync(directory: string, leaderPort: number, keys: number, beforeSync: () => void = () => {}): Promise<{ elapsedMs: number; cpuMs: number }> {
  rmSync(join(directory, 'replica.rdb'), { force: true });
  const replica = await RedisProcess.start(directory, 'replica');
  try {
    const cpuBefore = await replica.cpuMs();
    beforeSync();
    const started = performance.now();
    await replica.call(['REPLICAOF', '127.0.0.1', String(leaderPort)]);
    await replica.waitFor('replication', (fields) => fields.get('master_link_status') === 'up');
    const elapsedMs = performance.now() - started;
    const cpuMs = (await replica.cpuMs()) - cpuBefore;
    const replicated = Number(await replica.call(['DBSIZE']));
    if (replicated !== keys) throw new Error(`redis replica has ${replicated} keys, expected ${keys}`);
    return { elapsedMs, cpuMs };
  } finally {
    await replica.stop();
  }
}

interface RedisFigures {
  readonly usedMemory: number;
  readonly quiet: BgsaveRun;
  readonly loaded: BgsaveRun;
  readonly idleWriter: { latencyP99: number };
  readonly loadedWriter: { latencyP99: number; latencyMax: number };
  readonly syncMs: number;
}

function comparisonRows(context: BenchContext, redis: RedisFigures): BenchRow[] {
  const { figures, phases, dataset, options } = context;
  const snapshotUnderLoad = phases.get('snapshot')!;
  const idle = phases.get('idle')!;
  const rate = options.writeRate;
  const versus = (metric: string, forkless: number, unit: string, what: string, redisValue: number) => compared('redis', metric, forkless, unit, `redis ${what}`, redisValue);
  return [
    versus('dataset memory: forkless heap vs redis used_memory', dataset.memoryBytes / MB, 'MB', 'used_memory', redis.usedMemory / MB),
    versus('save time, no writes: saveSnapshot vs BGSAVE', figures.get('snapshot.ms')!, 'ms', 'BGSAVE', redis.quiet.elapsedMs),
    versus(`save time, ${rate} SET/s`, figures.get('snapshot.loadedMs')!, 'ms', 'BGSAVE', redis.loaded.elapsedMs),
    // Heap + external, not RSS: RSS often does not grow at all (freed heap pages are reused), so
    // the heap figure is the conservative one.
    versus(
      'extra memory, no writes: peak extra heap+external vs copy-on-write',
      figures.get('snapshot.extraHeap')! / MB,
      'MB',
      'rdb_last_cow_size',
      redis.quiet.copyOnWriteBytes / MB,
    ),
    versus(
      `extra memory, ${rate} SET/s: peak extra heap+external vs copy-on-write`,
      figures.get('snapshot.loadedExtraHeap')! / MB,
      'MB',
      'rdb_last_cow_size',
      redis.loaded.copyOnWriteBytes / MB,
    ),
    versus('longest stall: event-loop delay max during save vs fork', snapshotUnderLoad.loopDelayMax, 'ms', 'latest_fork_usec', redis.loaded.forkMs),
    versus(`writer latency p99, idle (${rate} SET/s)`, idle.latencyP99, 'ms', 'client, idle', redis.idleWriter.latencyP99),
    versus('writer latency p99 during save vs during BGSAVE', snapshotUnderLoad.latencyP99, 'ms', 'client during BGSAVE', redis.loadedWriter.latencyP99),
    versus('writer latency max during save vs during BGSAVE', snapshotUnderLoad.latencyMax, 'ms', 'client during BGSAVE', redis.loadedWriter.latencyMax),
    versus('full sync, no writes: time to streaming vs replica link up', figures.get('fullsync.ms')!, 'ms', 'replica sync (diskless)', redis.syncMs),
  ];
}
