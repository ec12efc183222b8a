import type { SectionName } from './BenchOptions.js';

/** One line of the results table: a measured figure and, where it has one, the same-run figure it is compared with. */
export interface BenchRow {
  readonly section: SectionName;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What `ratio` compares against, e.g. "raw encode+write (2.1M keys/s)". */
  readonly baseline?: string;
  /** value / baseline value (for times and memory: how many times the baseline). */
  readonly ratio?: number;
}

/**
 * A row comparing `value` with a baseline measured in the same run.
 *
 * @example
 * ```ts
 * compared('snapshot', 'keys/s', 900_000, 'keys/s', 'raw encode+write', 2_000_000); // ratio 0.45
 * ```
 */
export function compared(section: SectionName, metric: string, value: number, unit: string, baselineName: string, baselineValue: number): BenchRow {
  const ratio = baselineValue === 0 ? Number.NaN : value / baselineValue;
  return { section, metric, value, unit, baseline: `${baselineName} (${formatNumber(baselineValue)} ${unit})`, ratio };
}

/**
 * A row without a ratio (a figure whose comparison is on a neighbouring row).
 *
 * @example
 * ```ts
 * plain('snapshot', 'file size', 123.4, 'MB');
 * ```
 */
export function plain(section: SectionName, metric: string, value: number, unit: string): BenchRow {
  return { section, metric, value, unit };
}

/** Three significant digits with k/M suffixes for large numbers: easy to read in a table. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (magnitude >= 100 || Number.isInteger(value)) return value.toFixed(0);
  return value.toPrecision(3);
}
