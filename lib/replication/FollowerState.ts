import type { ForklessError } from '../errors.js';

/**
 * A follower's state, as `follower.state$` reports it.
 *
 * - `connecting`: opening the WebSocket (`attempt` = failures so far).
 * - `full-sync`: receiving a full sync into a fresh keyspace; the old data stays readable.
 * - `streaming`: in sync, applying live records; `lag` = leader offset − applied offset (records),
 *   refreshed at each heartbeat; `resync` tells how this connection got there.
 * - `backoff`: the link broke or was refused; `code` (WebSocket close code, or HTTP status for a
 *   refused upgrade), `reason` and `error.code` (`FORKLESS_ERR_*`) say why; retry in `delayMs`.
 * - `closed`: `follower.close()` was called; terminal.
 *
 * @example
 * ```ts
 * follower.state$.subscribe((s) => s.state === 'backoff' && console.warn(s.error.code, s.reason));
 * ```
 */
export type FollowerState =
  | { readonly state: 'connecting'; readonly attempt: number }
  | {
      readonly state: 'full-sync';
      readonly historyId: string;
      /** Keys on the leader when the sync started. */
      readonly keysTotal: number;
      readonly entriesReceived: number;
      readonly commandsReceived: number;
      readonly bytesReceived: number;
    }
  | { readonly state: 'streaming'; readonly resync: 'full' | 'partial'; readonly offset: number; readonly leaderOffset: number; readonly lag: number }
  | { readonly state: 'backoff'; readonly attempt: number; readonly delayMs: number; readonly code: number; readonly reason: string; readonly error: ForklessError }
  | { readonly state: 'closed' };

/** The name of a {@link FollowerState}. */
export type FollowerStateName = FollowerState['state'];
