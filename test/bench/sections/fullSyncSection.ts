import { createHistogram } from 'node:perf_hooks';
import { startLeader, type Leader } from '../../../lib/replication/Leader.js';
import type { BenchContext } from '../BenchContext.js';
import { compared, plain, type BenchRow } from '../BenchRow.js';
import { FollowerChild } from '../FollowerChild.js';
import { ForegroundProbe, type ForegroundStats } from '../ForegroundProbe.js';
import { foregroundRows } from '../foregroundRows.js';
import { wallClock } from '../FollowerReport.js';
import { cpuMilliseconds } from '../measureWork.js';

const MB = 1e6;

/** One measured full sync. */
export interface SyncRun {
  readonly keys: number;
  /** From the follower's first connection attempt to `streaming`, ms. */
  readonly elapsedMs: number;
  readonly bytes: number;
  /** Most bytes the leader held queued for the follower (sampled every 10 ms). */
  readonly peakBuffered: number;
  readonly foreground: ForegroundStats;
  /** Leader offset minus the follower's reported offset while streaming under load, records. */
  readonly lagP99: number;
  readonly lagMax: number;
  /** CPU time of the follower process from its first connection attempt to `streaming`, ms. */
  readonly followerCpuMs: number;
  /** CPU time of this (the leader's) process over the same span, ms. */
  readonly leaderCpuMs: number;
}

/**
 * Section "fullsync": a follower in another process syncs the string dataset over loopback
 * WebSocket, without writes and under the concurrent writer; keys/s, MB/s and time to
 * `streaming` next to the snapshot figures of the same run, lag while streaming under load, and
 * the leader's foreground figures. Ends each sync with a digest comparison.
 *
 * @example
 * ```ts
 * const rows = await fullSyncSection(context);
 * ```
 */
export async function fullSyncSection(context: BenchContext): Promise<BenchRow[]> {
  const leader = await startLeader({ keyspace: context.dataset.keyspace });
  try {
    const quiet = await fullSync(context, leader, 0);
    const loaded = await fullSync(context, leader, context.options.writeRate);
    context.phases.set('full sync', loaded.foreground);
    context.figures.set('fullsync.ms', quiet.elapsedMs);
    return syncRows(context, quiet, loaded);
  } finally {
    await leader.close();
  }
}

/**
 * A follower child (pinned to `followerCore` if given) syncs `leader.keyspace` while the writer of
 * `context` runs at `writeRate` (its writes go to the string dataset: pass 0 for another keyspace).
 *
 * @example
 * ```ts
 * const run = await fullSync(context, leader, 0); // run.elapsedMs, run.followerCpuMs
 * ```
 */
export async function fullSync(context: BenchContext, leader: Leader, writeRate: number, followerCore?: number): Promise<SyncRun> {
  const { keyspace } = leader;
  const child = new FollowerChild(leader.url, followerCore);
  try {
    const connecting = await child.state('connecting');
    const leaderCpu = process.cpuUsage();
    const probe = new ForegroundProbe({ ...context.writer, writeRate }, context.random);
    let peakBuffered = 0;
    const sampler = setInterval(() => (peakBuffered = Math.max(peakBuffered, leader.followers()[0]?.bufferedBytes ?? 0)), 10);
    const streaming = await child.state('streaming');
    const leaderCpuMs = cpuMilliseconds(process.cpuUsage(leaderCpu));
    clearInterval(sampler);
    const foreground = probe.stop();
    const bytes = leader.followers()[0]?.bytesSent ?? 0;
    const lag = writeRate > 0 ? await measureLag(context, child) : { p99: 0, max: 0 };
    // Correctness before speed: the follower must hold exactly the leader's data.
    await child.reached(keyspace.offset);
    const [theirs, ours] = [await child.digest(), keyspace.digest()];
    if (theirs.digest !== ours) throw new Error(`follower digest differs at offset ${theirs.offset} (leader ${keyspace.offset})`);
    const followerCpuMs = streaming.cpuMs - connecting.cpuMs;
    return { keys: streaming.keys, elapsedMs: streaming.at - connecting.at, bytes, peakBuffered, foreground, lagP99: lag.p99, lagMax: lag.max, followerCpuMs, leaderCpuMs };
  } finally {
    await child.stop();
  }
}

/** Keeps the writer on for a while after `streaming` and samples how far behind the follower is. */
async function measureLag(context: BenchContext, child: FollowerChild): Promise<{ p99: number; max: number }> {
  const lag = createHistogram();
  const { keyspace } = context.dataset;
  child.onOffset = (offset) => lag.record(Math.max(1, keyspace.offset - offset + 1));
  const probe = new ForegroundProbe(context.writer, context.random);
  const until = wallClock() + context.options.idleMs;
  while (wallClock() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  probe.stop();
  child.onOffset = () => {};
  // Recorded +1 because the histogram cannot hold 0.
  return { p99: lag.count > 0 ? lag.percentile(99) - 1 : 0, max: lag.count > 0 ? lag.max - 1 : 0 };
}

function syncRows(context: BenchContext, quiet: SyncRun, loaded: SyncRun): BenchRow[] {
  const { figures, options } = context;
  const idle = context.phases.get('idle')!;
  const rate = options.writeRate;
  const versusSnapshot = (metric: string, value: number, unit: string, figure: string) => {
    const snapshot = figures.get(figure);
    return snapshot === undefined ? plain('fullsync', metric, value, unit) : compared('fullsync', metric, value, unit, 'snapshot to disk', snapshot);
  };
  const perSecond = (count: number, run: SyncRun) => count / (run.elapsedMs / 1000);
  return [
    versusSnapshot(`keys/s, ${quiet.keys} keys, no writes`, perSecond(quiet.keys, quiet), 'keys/s', 'snapshot.keysPerSecond'),
    versusSnapshot('MB/s sent by the leader, no writes', perSecond(quiet.bytes / MB, quiet), 'MB/s', 'snapshot.megabytesPerSecond'),
    versusSnapshot('time to streaming, no writes', quiet.elapsedMs, 'ms', 'snapshot.ms'),
    compared('fullsync', `time to streaming, ${rate} SET/s`, loaded.elapsedMs, 'ms', 'no writes', quiet.elapsedMs),
    compared('fullsync', 'leader peak bytes queued for the follower, no writes', quiet.peakBuffered / MB, 'MB', 'bytes sent', quiet.bytes / MB),
    plain('fullsync', `lag p99 while streaming, ${rate} SET/s (${((loaded.lagP99 / rate) * 1000).toFixed(1)} ms of writes)`, loaded.lagP99, 'records'),
    plain('fullsync', `lag max while streaming, ${rate} SET/s (${((loaded.lagMax / rate) * 1000).toFixed(1)} ms of writes)`, loaded.lagMax, 'records'),
    ...foregroundRows('fullsync', 'leader during sync, no writes', quiet.foreground, idle, ['loopDelayP99', 'loopDelayMax']),
  ];
}
