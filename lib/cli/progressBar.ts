import type { SnapshotProgress } from '../snapshot/SnapshotProgress.js';

const MAX_BAR = 30;
const MIN_BAR = 10;

/**
 * One progress line that fits in `columns - 1` characters (so a terminal never wraps it): label,
 * bar, percent, then as many of `details` as fit, dropped from the end; the bar shrinks from 30
 * to 10 cells first.
 *
 * @example
 * ```ts
 * renderBar(0.5, 'saving', ['500/1000 keys', '1.2 MB'], 80);
 * // saving [###############...............]  50%  500/1000 keys  1.2 MB
 * ```
 */
export function renderBar(fraction: number, label: string, details: readonly string[], columns: number): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
  const room = columns - 1;
  for (let shown = details.length; shown >= 0; shown--) {
    const tail = details
      .slice(0, shown)
      .map((detail) => `  ${detail}`)
      .join('');
    const fixed = `${label ? `${label} ` : ''}[] ${percent}${tail}`.length;
    const width = Math.min(MAX_BAR, room - fixed);
    if (width >= MIN_BAR || shown === 0) {
      const cells = Math.max(1, width);
      const filled = Math.round(clamped * cells);
      return fitLine(`${label ? `${label} ` : ''}[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${percent}${tail}`, columns);
    }
  }
  return '';
}

/**
 * A save's progress line: bar, percent, keys, megabytes, elapsed and estimated remaining time.
 *
 * @example
 * ```ts
 * process.stderr.write(`\r${renderProgressBar(progress, process.stderr.columns)}`);
 * // saving [###############...............]  50%  500000/1000000 keys  62.1 MB  2.0 s  ~2.0 s left
 * ```
 */
export function renderProgressBar(progress: SnapshotProgress, columns = 80): string {
  const fraction = progress.keysTotal === 0 ? 1 : progress.keysWritten / progress.keysTotal;
  const details = [`${progress.keysWritten}/${progress.keysTotal} keys`, megabytes(progress.bytesWritten), seconds(progress.elapsedMs)];
  if (progress.estimatedRemainingMs !== null) details.push(`~${seconds(progress.estimatedRemainingMs)} left`);
  return renderBar(fraction, 'saving', details, columns);
}

/** Cuts `text` to `columns - 1` characters, ending in `…` when cut. */
export function fitLine(text: string, columns: number): string {
  const room = Math.max(1, columns - 1);
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

/** Bytes as megabytes with one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Milliseconds as seconds with one decimal. */
export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
