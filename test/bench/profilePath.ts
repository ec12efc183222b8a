/**
 * One saveSnapshot (`snapshot`) or one consistent bgIteration (`iteration`) of the string dataset,
 * nothing else, for a CPU profile of that path:
 *
 *     node --expose-gc --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof test/bench/profilePath.ts snapshot --keys 1000000
 *     npx tsx test/bench/summarizeCpuProfile.ts /tmp/prof/CPU.<first>.cpuprofile 25 <window printed>
 *
 * The printed window bounds the measured work in the profile's clock, so the summary leaves out
 * building the dataset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { bgIteration } from '../../lib/iteration/bgIteration.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import { parseBenchOptions } from './BenchOptions.js';
import { ForegroundProbe } from './ForegroundProbe.js';
import { memoryAfterGc, settleAfterGc } from './memory.js';
import { seededRandom } from '../../lib/seededRandom.js';
import { buildStringDataset } from './stringDataset.js';

const [target, ...flags] = process.argv.slice(2);
if (target !== 'snapshot' && target !== 'iteration') throw new Error('usage: profilePath.ts snapshot|iteration [bench flags]');
const options = parseBenchOptions(flags);
const random = seededRandom(options.seed);
const dataset = buildStringDataset(random, options.keys, options.valueSize);
const writeRate = flags.includes('--write-rate') ? options.writeRate : 0;
const probe = () => new ForegroundProbe({ keyspace: dataset.keyspace, keys: dataset.keys, valueSize: options.valueSize, writeRate }, random);
const directory = mkdtempSync(join(tmpdir(), 'forkless-profile-'));
// The profiler's clock is the monotonic clock hrtime reads: these bound the work in the profile.
const microseconds = () => Number(process.hrtime.bigint() / 1000n);
memoryAfterGc();
await settleAfterGc();
try {
  const from = microseconds();
  const started = performance.now();
  const running = probe();
  if (target === 'snapshot') await lastValueFrom(saveSnapshot(dataset.keyspace, join(directory, 'profile.fkl')));
  else await lastValueFrom(bgIteration(dataset.keyspace, { consistent: true, replication: false }));
  const foreground = running.stop();
  console.log(`window: ${from} ${microseconds()}`);
  console.log(
    `${target} of ${options.keys} keys in ${(performance.now() - started).toFixed(0)} ms; writer p99 ${foreground.latencyP99.toFixed(1)} ms, event-loop delay p99 ${foreground.loopDelayP99.toFixed(1)} ms`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
