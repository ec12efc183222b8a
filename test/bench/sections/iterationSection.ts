import { performance } from 'node:perf_hooks';
import { lastValueFrom, tap } from 'rxjs';
import { bgIteration } from '../../../lib/iteration/bgIteration.js';
import type { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import type { BenchContext } from '../BenchContext.js';
import { compared, type BenchRow } from '../BenchRow.js';
import { ForegroundProbe } from '../ForegroundProbe.js';
import { foregroundRows } from '../foregroundRows.js';

/**
 * Section "iteration": a consistent bgIteration over the string dataset, idle and under the
 * concurrent writer, next to a bare walk of the same Map in the same run; plus the foreground
 * figures during the iteration.
 *
 * @example
 * ```ts
 * const rows = await iterationSection(context);
 * ```
 */
export async function iterationSection(context: BenchContext): Promise<BenchRow[]> {
  const { keyspace, keys } = context.dataset;
  const walkRate = bareWalkRate(keyspace);
  const idleRun = await timedIteration(keyspace, () => new ForegroundProbe({ ...context.writer, writeRate: 0 }, context.random));
  const loadedRun = await timedIteration(keyspace, () => new ForegroundProbe(context.writer, context.random));
  context.phases.set('iteration', loadedRun.stats);
  const idle = context.phases.get('idle')!;
  const rate = context.options.writeRate;
  return [
    compared('iteration', `consistent bgIteration, no writes (${keys} keys)`, idleRun.keysPerSecond, 'keys/s', 'bare Map walk', walkRate),
    compared('iteration', `consistent bgIteration, ${rate} SET/s`, loadedRun.keysPerSecond, 'keys/s', 'bare Map walk', walkRate),
    compared('iteration', `digest(), ${keys} keys`, digestRate(keyspace), 'keys/s', 'bare Map walk', walkRate),
    ...foregroundRows('iteration', 'iteration without writes', idleRun.stats, idle, ['loopDelayP99', 'loopDelayMax']),
    ...foregroundRows('iteration', `iteration + ${rate} SET/s`, loadedRun.stats, idle),
  ];
}

/** Keys per second of a plain for-of over db 0's Map, reading each value (best of 3). */
function bareWalkRate(keyspace: Keyspace): number {
  let best = Infinity;
  let checksum = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    keyspace.databases[0]!.forEach((value, key) => (checksum += key.length + (value as string).length));
    best = Math.min(best, performance.now() - started);
  }
  // The checksum keeps the loop from being optimized away.
  if (checksum < 0) throw new Error('unreachable');
  return keyspace.dbsize() / (best / 1000);
}

/**
 * Keys per second of `keyspace.digest()` (issue 2: well under a second for a million keys), best of
 * three like the Map walk it is compared with.
 */
function digestRate(keyspace: Keyspace): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    keyspace.digest();
    best = Math.min(best, performance.now() - started);
  }
  return keyspace.dbsize() / (best / 1000);
}

async function timedIteration(keyspace: Keyspace, startProbe: () => ForegroundProbe) {
  const keysAtStart = keyspace.dbsize();
  const probe = startProbe();
  const started = performance.now();
  let entries = 0;
  await lastValueFrom(bgIteration(keyspace, { consistent: true, replication: false }).pipe(tap((item) => item.kind === 'entry' && entries++)));
  const elapsed = performance.now() - started;
  const stats = probe.stop();
  if (entries !== keysAtStart) throw new Error(`the iteration presented ${entries} entries, expected ${keysAtStart}`);
  return { keysPerSecond: entries / (elapsed / 1000), stats };
}
