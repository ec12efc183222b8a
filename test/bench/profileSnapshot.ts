/**
 * One saveSnapshot of the string dataset, nothing else, for a CPU profile of the snapshot path:
 *
 *     node --expose-gc --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof test/bench/profileSnapshot.ts --keys 1000000
 *     npx tsx test/bench/summarizeCpuProfile.ts /tmp/prof/CPU.<first>.cpuprofile 25 <save window printed>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchOptions } from './BenchOptions.js';
import { ForegroundProbe } from './ForegroundProbe.js';
import { seededRandom } from './seededRandom.js';
import { buildStringDataset } from './stringDataset.js';
import { timedSave } from './timedSave.js';

const options = parseBenchOptions(process.argv.slice(2));
const random = seededRandom(options.seed);
const dataset = buildStringDataset(random, options.keys, options.valueSize);
const directory = mkdtempSync(join(tmpdir(), 'forkless-profile-'));
const writeRate = process.argv.includes('--write-rate') ? options.writeRate : 0;
const microseconds = () => Number(process.hrtime.bigint() / 1000n);
try {
  const from = microseconds();
  const run = await timedSave(dataset.keyspace, directory, 'profile', () => new ForegroundProbe({ keyspace: dataset.keyspace, keys: dataset.keys, valueSize: options.valueSize, writeRate }, random));
  // The profiler's clock is the monotonic clock hrtime reads: these bound the save in the profile.
  console.log(`save window: ${from} ${microseconds()}`);
  console.log(`${run.keys} keys, ${(run.bytes / 1e6).toFixed(1)} MB in ${run.elapsedMs.toFixed(0)} ms; event-loop delay p99 ${run.foreground.loopDelayP99.toFixed(1)} ms`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
