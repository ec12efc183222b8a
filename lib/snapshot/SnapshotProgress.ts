import type { ForklessError } from '../errors.js';

/**
 * Progress of a save, as `saveSnapshot` emits it (and `onSettled` reports its outcome).
 *
 * `running` while writing; the last emission is `done` once the file is durable, or `cancelled`
 * when the save was aborted through its `signal`. A failure is the Observable's error (and an
 * outcome with state `failed` for `onSettled`); a cancel is never a failure. A cancel that arrives
 * once the rename over the target has begun (the point of no return) is too late: the outcome is
 * `done`.
 *
 * @example
 * ```ts
 * saveSnapshot(ks, 'dump.fkl').subscribe((p) => console.log(`${p.keysWritten}/${p.keysTotal} keys, ${p.bytesWritten} bytes`));
 * ```
 */
export interface SnapshotProgress {
  readonly state: 'running' | 'done' | 'cancelled' | 'failed';
  /** The target file. */
  readonly path: string;
  readonly keysWritten: number;
  /** Keys in the keyspace at T0 (an estimate: keys that expire meanwhile are not written). */
  readonly keysTotal: number;
  /** Bytes written to the file so far (the whole file once `done`). */
  readonly bytesWritten: number;
  readonly elapsedMs: number;
  /** Remaining time extrapolated from the rate so far, or null before the first key. */
  readonly estimatedRemainingMs: number | null;
  /** Set when `state` is `failed`. */
  readonly error?: ForklessError | Error;
}
