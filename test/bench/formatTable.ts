import { formatNumber, type BenchRow } from './BenchRow.js';

/**
 * The results as a Markdown table (readable in a terminal too): section, metric, value, the
 * same-run baseline and the ratio to it.
 *
 * @example
 * ```ts
 * console.log(formatTable(rows));
 * ```
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['section', 'metric', 'value', 'compared with (same run)', 'ratio'];
  const cells = rows.map((row) => [
    row.section,
    row.metric,
    `${formatNumber(row.value)} ${row.unit}`,
    row.baseline ?? '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}
