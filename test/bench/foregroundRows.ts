import type { SectionName } from './BenchOptions.js';
import { compared, type BenchRow } from './BenchRow.js';
import type { ForegroundStats } from './ForegroundProbe.js';

const FIGURES: readonly [keyof ForegroundStats, string][] = [
  ['latencyP50', 'writer latency p50'],
  ['latencyP99', 'writer latency p99'],
  ['latencyMax', 'writer latency max'],
  ['loopDelayP99', 'event-loop delay p99'],
  ['loopDelayMax', 'event-loop delay max'],
];

/**
 * Rows comparing a phase's foreground figures with the idle phase of the same run.
 *
 * @example
 * ```ts
 * foregroundRows('snapshot', 'during save', duringSave, idle);
 * ```
 */
export function foregroundRows(section: SectionName, phase: string, stats: ForegroundStats, idle: ForegroundStats, only?: readonly (keyof ForegroundStats)[]): BenchRow[] {
  return FIGURES.filter(([field]) => only === undefined || only.includes(field)).map(([field, label]) =>
    compared(section, `${label}, ${phase}`, stats[field], 'ms', 'idle', idle[field]),
  );
}
