import type { Follower } from '../replication/Follower.js';
import type { FollowerState } from '../replication/FollowerState.js';
import { megabytes, renderBar, seconds } from './progressBar.js';
import { totalKeys } from './totalKeys.js';

/**
 * One status line for a follower's state: `connecting`, `full-sync` with a bar (or a plain count
 * when `bar` is off), `streaming` with keys, offset and lag, `backoff` with the reason and the retry.
 *
 * @example
 * ```ts
 * describeFollowerState(follower.current, follower, 80, true);
 * // streaming  keys 1000  offset 1234  lag 0
 * ```
 */
export function describeFollowerState(state: FollowerState, follower: Follower, columns: number, bar: boolean): string {
  switch (state.state) {
    case 'connecting':
      return `connecting${state.attempt > 0 ? ` (attempt ${state.attempt + 1})` : ''}`;
    case 'full-sync': {
      const details = [`${state.entriesReceived}/${state.keysTotal} keys`, `${state.commandsReceived} commands`, megabytes(state.bytesReceived)];
      if (!bar) return `full-sync  ${details.join('  ')}`;
      return renderBar(state.keysTotal === 0 ? 1 : state.entriesReceived / state.keysTotal, 'full-sync', details, columns);
    }
    case 'streaming':
      return `streaming  keys ${totalKeys(follower.keyspace)}  offset ${state.offset}  lag ${state.lag}  (${state.resync} resync)`;
    case 'backoff':
      return `backoff  ${state.error.code}: ${state.reason || `close code ${state.code}`}; retry ${state.attempt} in ${seconds(state.delayMs)}`;
    case 'closed':
      return `closed  offset ${follower.offset}  keys ${totalKeys(follower.keyspace)}`;
  }
}
