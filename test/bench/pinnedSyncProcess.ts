/**
 * The pinned full syncs in a leader process of their own (forked by {@link pinnedSyncRows}): it
 * builds the string dataset from the bench options in `process.argv[2]`, measures its idle
 * baseline, runs {@link pinnedSyncs} and reports both, so the writer's figures are those of a
 * process holding one dataset, not of the bench process and what earlier sections left in it.
 */
import { rmSync } from 'node:fs';
import type { BenchOptions } from './BenchOptions.js';
import { createBenchContext } from './createBenchContext.js';
import { pinnedSyncs, type PinnedSyncReport } from './sections/pinnedSyncRows.js';

const optionsText = process.argv[2];
if (optionsText === undefined || process.send === undefined) throw new Error('pinnedSyncProcess.ts is forked by the bench with its options');
const context = await createBenchContext(JSON.parse(optionsText) as BenchOptions);
try {
  const report: PinnedSyncReport = { idle: context.phases.get('idle')!, runs: await pinnedSyncs(context) };
  process.send(report);
} finally {
  rmSync(context.directory, { recursive: true, force: true });
  process.disconnect();
}
