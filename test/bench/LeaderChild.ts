import type { BenchOptions } from './BenchOptions.js';
import { reportOfChild } from './ChildReports.js';
import type { ForegroundStats } from './ForegroundProbe.js';

/** The measurements a leader process runs: the pinned WebSocket full syncs, a redis replica's syncs. */
export type LeaderMeasurement = 'pinned' | 'psync';

/** What the leader process reports: its own idle baseline and the measurement's result. */
export interface LeaderReport<T> {
  readonly idle: ForegroundStats;
  readonly result: T;
}

/**
 * Runs a measurement in a leader process of its own (`leaderProcess.ts` under tsx, with the same
 * options and seed, so the same dataset); this process only waits meanwhile.
 *
 * @example
 * ```ts
 * const { idle, result } = await LeaderChild.run<PinnedRun[]>(context.options, 'pinned');
 * ```
 */
export const LeaderChild = {
  run<T>(options: BenchOptions, measurement: LeaderMeasurement): Promise<LeaderReport<T>> {
    return reportOfChild<LeaderReport<T>>('leaderProcess.ts', [measurement, JSON.stringify(options)], `the leader (${measurement})`);
  },
};
