import { formatNumber } from './BenchRow.js';
import { targetLine } from './targetLine.js';

/** A figure the interop section records per dataset, and its target. */
interface SubjectTarget {
  readonly figure: string;
  readonly name: string;
  /** The upper bound for a dataset (mixed or strings). */
  readonly bound: (mixed: boolean) => number;
}

/** Issue 14's targets (and issue 12's RDB save and load), each an upper bound of forkless / redis. */
const SUBJECT_TARGETS: readonly SubjectTarget[] = [
  { figure: 'load', name: 'load .fkl / redis-server loading its RDB', bound: () => 1 },
  { figure: 'rdbLoad', name: 'load of the RDB redis wrote / redis-server loading it', bound: () => 1 },
  { figure: 'gcShare', name: 'GC pauses / wall time of the .fkl load', bound: () => 0.1 },
  { figure: 'save', name: 'saveSnapshot .fkl / BGSAVE', bound: () => 1 },
  { figure: 'rdbSave', name: 'saveSnapshot as RDB / BGSAVE', bound: () => 1 },
  { figure: 'memory', name: 'memory per key / redis used_memory per key', bound: (mixed) => (mixed ? 1.3 : 1.2) },
  { figure: 'followerVsRedis', name: 'full sync follower CPU / redis replica CPU', bound: () => 1 },
  { figure: 'followerVsLeader', name: 'full sync follower CPU / leader CPU', bound: () => 1 },
  { figure: 'syncVsRedis', name: 'full sync time to streaming / redis replica sync', bound: () => 0.6 },
];

const KEYS_FIGURE = /^interop\.([^.]+)\.keys$/;

/**
 * Target lines for the figures the interop section left (`interop.<dataset>.<figure>` ratios, and
 * the writer's p99 during a full sync with the follower pinned, the ratios with the leader pinned
 * too and with nothing pinned named next to it).
 *
 * @example
 * ```ts
 * interopTargetLines(new Map([['interop.mixed.keys', 1e6], ['interop.mixed.save', 0.8]]));
 * // ['mixed (1.00M keys): saveSnapshot .fkl / BGSAVE: 0.80× (target ≤ 1×): met']
 * ```
 */
export function interopTargetLines(figures: ReadonlyMap<string, number>): string[] {
  const lines: string[] = [];
  for (const [key, keys] of figures) {
    const dataset = KEYS_FIGURE.exec(key)?.[1];
    if (dataset === undefined) continue;
    for (const { figure, name, bound } of SUBJECT_TARGETS) {
      const ratio = figures.get(`interop.${dataset}.${figure}`);
      const limit = bound(dataset.startsWith('mixed'));
      if (ratio !== undefined) lines.push(targetLine(`${dataset} (${formatNumber(keys)} keys): ${name}`, ratio, `≤ ${limit}×`, ratio <= limit));
    }
  }
  const [pinned, both, unpinned] = ['p99Pinned', 'p99BothPinned', 'p99Unpinned'].map((figure) => figures.get(`interop.${figure}`));
  if (pinned !== undefined && both !== undefined && unpinned !== undefined) {
    const others = `leader pinned too: ${both.toFixed(2)}×, nothing pinned: ${unpinned.toFixed(2)}×`;
    lines.push(targetLine(`writer p99 during full sync / idle, follower pinned to another core (${others})`, pinned, '≤ 2×', pinned <= 2));
  }
  return lines;
}
