/**
 * `npm run bench`: measures forkless's background iteration, snapshot and full sync against
 * same-run baselines, prints a table and writes test/bench/results/<date>.json.
 * Flags: see {@link parseBenchOptions}.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './BenchContext.js';
import { parseBenchOptions, type BenchOptions, type SectionName } from './BenchOptions.js';
import type { BenchRow } from './BenchRow.js';
import { createBenchContext } from './createBenchContext.js';
import { formatTable } from './formatTable.js';
import { machineDescription } from './machineDescription.js';
import { clusterSection } from './sections/clusterSection.js';
import { foregroundSection } from './sections/foregroundSection.js';
import { fullSyncSection } from './sections/fullSyncSection.js';
import { interopSection } from './sections/interopSection.js';
import { iterationSection } from './sections/iterationSection.js';
import { psyncSection } from './sections/psyncSection.js';
import { redisSection } from './sections/redisSection.js';
import { serverSection } from './sections/serverSection.js';
import { snapshotSection } from './sections/snapshotSection.js';
import { targetLines } from './targets.js';
import { updateReadme } from './updateReadme.js';
import { writeResults } from './writeResults.js';

const SECTIONS: Record<SectionName, (context: BenchContext) => Promise<BenchRow[]>> = {
  iteration: iterationSection,
  snapshot: snapshotSection,
  fullsync: fullSyncSection,
  foreground: foregroundSection,
  redis: redisSection,
  server: serverSection,
  cluster: clusterSection,
  psync: psyncSection,
  interop: interopSection,
};

/** Re-runs this file under Node with --expose-gc (memory figures need full collections). */
function respawnWithGc(): never {
  const file = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', file, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

async function run(options: BenchOptions): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  console.log(
    `forkless bench: seed ${options.seed}, ${options.keys} keys × ${options.valueSize} B, writer ${options.writeRate} SET/s, sections ${options.sections.join(',')}${options.quick ? ' (quick)' : ''}`,
  );
  const context = await createBenchContext(options);
  console.log(`dataset built: ${(context.dataset.memoryBytes / 1e6).toFixed(0)} MB in memory`);
  const rows: BenchRow[] = [];
  try {
    for (const name of options.sections) {
      const sectionStarted = Date.now();
      rows.push(...(await SECTIONS[name](context)));
      console.log(`section ${name}: ${((Date.now() - sectionStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(context.directory, { recursive: true, force: true });
  }
  const table = formatTable(rows);
  const targets = targetLines(context);
  console.log(`\n${table}\n\n${targets.join('\n')}\n`);
  // The machine is shared: the load around the run says how much the figures were disturbed.
  const machine = `${machineDescription()}; 1-min load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
  const file = writeResults({ options, machine, rows, targets, durationMs: Date.now() - started });
  console.log(`results: ${file}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (options.writeReadme) updateReadme({ table, targets, machine, options });
}

if (globalThis.gc === undefined) respawnWithGc();
run(parseBenchOptions(process.argv.slice(2))).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
