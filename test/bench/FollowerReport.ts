import { performance } from 'node:perf_hooks';

/** Messages the follower process (`followerProcess.ts`) sends the bench over IPC. */
export type FollowerReport =
  /** `cpuMs`: the follower process's user + system CPU time so far. */
  | { readonly type: 'state'; readonly state: string; readonly at: number; readonly keys: number; readonly cpuMs: number }
  | { readonly type: 'offset'; readonly offset: number; readonly at: number }
  | { readonly type: 'digest'; readonly digest: string; readonly offset: number };

/**
 * Milliseconds since the Unix epoch with sub-ms precision, comparable across processes.
 *
 * @example
 * ```ts
 * const at = wallClock(); // e.g. 1795786800123.456
 * ```
 */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}
