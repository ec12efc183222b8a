import type { SnapshotProgress } from '../snapshot/SnapshotProgress.js';

/**
 * One line of a terminal progress bar for a save: bar, percent, keys, megabytes, elapsed and
 * estimated remaining time.
 *
 * @example
 * ```ts
 * process.stderr.write(`\r${renderProgressBar(progress, 30)}`);
 * // [###############...............]  50%  500000/1000000 keys  62.1 MB  2.0 s  ~2.0 s left
 * ```
 */
export function renderProgressBar(progress: SnapshotProgress, width = 30): string {
  const fraction = progress.keysTotal === 0 ? 1 : Math.min(1, progress.keysWritten / progress.keysTotal);
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const remaining = progress.estimatedRemainingMs === null ? '' : `  ~${seconds(progress.estimatedRemainingMs)} left`;
  return `${bar} ${percent}  ${progress.keysWritten}/${progress.keysTotal} keys  ${megabytes(progress.bytesWritten)}  ${seconds(progress.elapsedMs)}${remaining}`;
}

/** Bytes as megabytes with one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Milliseconds as seconds with one decimal. */
export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
