import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './BenchOptions.js';
import { ChildReports } from './ChildReports.js';
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
  async run<T>(options: BenchOptions, measurement: LeaderMeasurement): Promise<LeaderReport<T>> {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'leaderProcess.ts');
    const child = fork(script, [measurement, JSON.stringify(options)], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new ChildReports<LeaderReport<T>>(child, `the leader (${measurement})`).next((report) => report);
  },
};
