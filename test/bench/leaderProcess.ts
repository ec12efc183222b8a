/**
 * A leader process of its own for the bench's writer rows during a sync (forked by
 * {@link LeaderChild}): it builds the string dataset from the bench options, measures its idle
 * baseline, runs the measurement named in `process.argv[2]` and reports both. Its heap holds one
 * dataset, as a leader's does, and not what the bench process's earlier sections left (whose
 * mark-compacts would be counted as the leader's).
 */
import { rmSync } from 'node:fs';
import type { BenchOptions } from './BenchOptions.js';
import { createBenchContext } from './createBenchContext.js';
import type { LeaderMeasurement, LeaderReport } from './LeaderChild.js';
import { pinnedSyncs } from './sections/pinnedSyncRows.js';
import { forklessReplicaSyncs } from './sections/psyncSection.js';

const MEASUREMENTS = { pinned: pinnedSyncs, psync: forklessReplicaSyncs } satisfies Record<LeaderMeasurement, unknown>;

const [measurement, optionsText] = process.argv.slice(2) as [LeaderMeasurement, string];
if (!(measurement in MEASUREMENTS) || process.send === undefined) throw new Error('leaderProcess.ts is forked by the bench with a measurement and its options');
const context = await createBenchContext(JSON.parse(optionsText) as BenchOptions);
try {
  const report: LeaderReport<unknown> = { idle: context.phases.get('idle')!, result: await MEASUREMENTS[measurement](context) };
  process.send(report);
} finally {
  rmSync(context.directory, { recursive: true, force: true });
  process.disconnect();
}
