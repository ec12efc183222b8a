import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { startLeader } from '../../../lib/replication/Leader.js';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { ForegroundProbe } from '../ForegroundProbe.js';
import { buildMixedDataset } from '../mixedDataset.js';
import { RedisProcess } from '../RedisProcess.js';
import { resaveWithRedis, startRedisOnRdb, type RedisLoad } from '../redisLoad.js';
import { buildStringDataset } from '../stringDataset.js';
import { timedLoad, type LoadRun, type SavesOfLoaded } from '../timedLoad.js';
import { timedSave, type SaveRun } from '../timedSave.js';
import { fullSync, type SyncRun } from './fullSyncSection.js';
import { pinnedSyncRows } from './pinnedSyncRows.js';
import { bgsave, replicaSync, type BgsaveRun } from './redisSection.js';

/** One dataset compared with redis-server holding the same data. */
interface Subject {
  /** File names and figure keys (`interop.<name>.…`). */
  readonly name: string;
  readonly label: string;
  readonly keyspace: Keyspace;
  readonly keys: number;
  /** What the dataset held in memory when it was built (heap + external after GC), bytes. */
  readonly memoryBytes: number;
}

/** What a redis-server holding nothing uses: subtracted from each dataset's figures. */
interface EmptyServer {
  readonly usedMemory: number;
  /** CPU time from its start to its first answers, ms. */
  readonly cpuMs: number;
}

/** What was measured on one subject, on both sides. */
interface SubjectRuns {
  /** The save that wrote the subject's `.fkl`, in the bench process. */
  readonly benchSave: SaveRun;
  readonly redis: RedisLoad;
  readonly usedMemory: number;
  /** The `.fkl` load, and the saves of what it loaded in that process. */
  readonly native: LoadRun & { readonly saves: SavesOfLoaded };
  readonly rdb: LoadRun;
  readonly redisSave: BgsaveRun;
  readonly sync: SyncPair;
}

/** A forkless full sync and a redis one of the same data. */
interface SyncPair {
  readonly forkless: SyncRun;
  readonly replica: { readonly elapsedMs: number; readonly cpuMs: number };
  /** CPU time of the redis primary over its replica's sync, its forked child's included, ms. */
  readonly primaryCpuMs: number;
}

/**
 * Section "interop" (when `redis-server` is on PATH): forkless next to redis-server 7.0 holding the
 * same data, in the same run (ratio = forkless / redis), at two sizes each: the string dataset and
 * a tenth of it, the mixed set (`--keys` small keys of every type + 4 collections of `--keys`/10
 * elements) and a tenth of it. Per dataset: load of a `.fkl` and of the RDB redis wrote vs redis
 * loading that RDB at start (wall time, CPU, GC share), saveSnapshot (.fkl and RDB) vs BGSAVE
 * (in the process of the `.fkl` load, holding only that data as redis-server does; the bench
 * process's own save is shown next to them),
 * memory per key vs `used_memory` over an empty server's, and a full sync: the follower process's
 * CPU vs the leader's and a redis replica's (syncing from redis), the leader's CPU vs the redis
 * primary's, and its time. Then the writer's p99 on the leader during a full sync under load,
 * pinned in three ways, in a leader process of its own ({@link pinnedSyncRows}).
 *
 * @example
 * ```ts
 * const rows = await interopSection(context);
 * ```
 */
export async function interopSection(context: BenchContext): Promise<BenchRow[]> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return [plain('interop', 'redis-server not on PATH: comparison skipped', 0, '')];
  const { options, dataset, random } = context;
  const empty = await emptyServer(context.directory);
  const [tenth, hundredth] = [10, 100].map((divisor) => Math.max(1000, Math.round(options.keys / divisor))) as [number, number];
  const strings = (name: string, built: typeof dataset): Subject => ({ name, label: `${built.keys} × ${options.valueSize} B strings`, ...built });
  const mixed = (name: string, smallKeys: number, bigSize: number): Subject => {
    const built = buildMixedDataset(random, smallKeys, options.valueSize, bigSize);
    return { name, label: `mixed (${built.keys} keys, 4 × ${bigSize}-element collections)`, ...built };
  };
  // Built one at a time, so each is garbage before the next: the loads' GC sees one extra dataset.
  const subjects: (() => Subject)[] = [
    () => strings('strings', dataset),
    () => strings('strings-small', buildStringDataset(random, tenth, options.valueSize)),
    () => mixed('mixed', options.keys, tenth),
    () => mixed('mixed-small', tenth, hundredth),
  ];
  const rows: BenchRow[] = [];
  for (const subject of subjects) {
    const made = subject();
    rows.push(...subjectRows(context, made, await measureSubject(context, made, empty), empty));
  }
  return [...rows, ...(await pinnedSyncRows(context))];
}

async function emptyServer(directory: string): Promise<EmptyServer> {
  const empty = await RedisProcess.start(directory, 'empty');
  try {
    return { usedMemory: await empty.infoNumber('memory', 'used_memory'), cpuMs: await empty.cpuMs() };
  } finally {
    await empty.stop();
  }
}

async function measureSubject(context: BenchContext, subject: Subject, empty: EmptyServer): Promise<SubjectRuns> {
  const { directory } = context;
  const probe = () => new ForegroundProbe({ ...context.writer, writeRate: 0 }, context.random);
  // These write the files the rest reads; the saves compared with BGSAVE run in the load process.
  const benchSave = await timedSave(subject.keyspace, directory, subject.name, probe);
  await timedSave(subject.keyspace, directory, subject.name, probe, { format: 'rdb' });
  await resaveWithRedis(directory, subject.name, subject.keys);
  const redis = await startRedisOnRdb(directory, subject.name, subject.keys, ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0']);
  try {
    const usedMemory = (await redis.redis.infoNumber('memory', 'used_memory')) - empty.usedMemory;
    // redis-server's measured load is its second start on this data (resaveWithRedis was the
    // first), and forkless's is a second load too: the first process to take this much memory
    // after the bench let go of some pays for the machine handing it back (three loads in a row
    // of 1M strings right after a process that held 3 GB exited: 1181, 1110 and 1059 ms, GC 409,
    // 348 and 341 ms).
    await timedLoad(join(directory, `${subject.name}.fkl`), subject.keyspace);
    const native = await timedLoad(join(directory, `${subject.name}.fkl`), subject.keyspace, directory);
    const rdb = await timedLoad(join(directory, `${subject.name}.rdb`), subject.keyspace);
    const redisSave = await bgsave(redis.redis);
    const sync = await syncBoth(context, subject, redis.redis);
    if (native.saves === undefined) throw new Error('the load process did not save what it loaded');
    return { benchSave, redis, usedMemory, native: { ...native, saves: native.saves }, rdb, redisSave, sync };
  } finally {
    await redis.redis.stop();
    await Promise.all(['fkl', 'rdb', 'log'].map((extension) => rm(join(directory, `${subject.name}.${extension}`), { force: true })));
  }
}

/** A redis replica syncs from the redis-server holding the subject, then a forkless follower from a forkless leader. */
async function syncBoth(context: BenchContext, subject: Subject, primary: RedisProcess): Promise<SyncPair> {
  const primaryCpu = await primary.cpuMs();
  const replica = await replicaSync(context.directory, primary.port, subject.keys);
  // The RDB for the replica is written by a forked child, counted once the primary reaps it.
  await primary.waitFor('persistence', (fields) => fields.get('rdb_bgsave_in_progress') === '0');
  const primaryCpuMs = (await primary.cpuMs()) - primaryCpu;
  const leader = await startLeader({ keyspace: subject.keyspace });
  try {
    return { forkless: await fullSync(context, leader, 0), replica, primaryCpuMs };
  } finally {
    await leader.close();
  }
}

function subjectRows(context: BenchContext, subject: Subject, runs: SubjectRuns, empty: EmptyServer): BenchRow[] {
  const { label, keys } = subject;
  const { redis, native, rdb } = runs;
  const figure = (key: string, row: BenchRow) => (context.figures.set(`interop.${subject.name}.${key}`, row.ratio!), row);
  const row = (metric: string, value: number, unit: string, baseline: string, baselineValue: number) =>
    compared('interop', `${metric}, ${label}`, value, unit, baseline, baselineValue);
  const gcShare = (what: string, run: LoadRun) => plain('interop', `${what}: GC pauses ${run.gcMs.toFixed(0)} ms, ${label}`, (100 * run.gcMs) / run.wallMs, '% of wall');
  const redisLoad = 'redis-server loading its RDB at start';
  const redisCpu = 'redis-server CPU, start to loaded − an empty start';
  const redisLoadCpu = redis.cpuMs - empty.cpuMs;
  const redisMemory = 'redis used_memory − empty server';
  context.figures.set(`interop.${subject.name}.keys`, keys);
  context.figures.set(`interop.${subject.name}.gcShare`, native.gcMs / native.wallMs);
  const { forkless, replica, primaryCpuMs } = runs.sync;
  const bgsaveName = 'BGSAVE (rdbcompression yes)';
  return [
    figure('load', row('load .fkl: loadSnapshot wall time', native.wallMs, 'ms', redisLoad, redis.loadMs)),
    row('load .fkl: process CPU', native.cpuMs, 'ms', redisCpu, redisLoadCpu),
    gcShare('load .fkl', native),
    figure('rdbLoad', row('load of the RDB redis wrote: loadSnapshot wall time', rdb.wallMs, 'ms', redisLoad, redis.loadMs)),
    row('load of the RDB redis wrote: process CPU', rdb.cpuMs, 'ms', redisCpu, redisLoadCpu),
    gcShare('load of the RDB', rdb),
    figure('save', row('save .fkl: saveSnapshot wall time, in the process of the load', native.saves.fklMs, 'ms', bgsaveName, runs.redisSave.elapsedMs)),
    figure('rdbSave', row("save as RDB: saveSnapshot format 'rdb' wall time, in the process of the load", native.saves.rdbMs, 'ms', bgsaveName, runs.redisSave.elapsedMs)),
    row('save .fkl: saveSnapshot wall time in the bench process (it holds every dataset of the run)', runs.benchSave.elapsedMs, 'ms', bgsaveName, runs.redisSave.elapsedMs),
    figure('memory', row('memory per key as built (heap+external after GC)', subject.memoryBytes / keys, 'B/key', redisMemory, runs.usedMemory / keys)),
    row('memory per key after the .fkl load', native.memoryBytes / keys, 'B/key', redisMemory, runs.usedMemory / keys),
    figure('followerVsRedis', row('full sync: follower process CPU, connect to streaming', forkless.followerCpuMs, 'ms', 'redis replica CPU, REPLICAOF to link up', replica.cpuMs)),
    figure('followerVsLeader', row('full sync: follower CPU vs leader CPU', forkless.followerCpuMs, 'ms', 'leader process CPU, same span', forkless.leaderCpuMs)),
    row('full sync: leader process CPU', forkless.leaderCpuMs, 'ms', 'redis primary CPU, same sync', primaryCpuMs),
    figure('syncVsRedis', row('full sync: time to streaming', forkless.elapsedMs, 'ms', 'redis replica sync from redis (diskless)', replica.elapsedMs)),
  ];
}
