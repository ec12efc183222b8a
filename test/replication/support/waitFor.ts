import { filter, firstValueFrom, type Observable } from 'rxjs';
import type { Follower } from '../../../lib/replication/Follower.js';
import type { FollowerState, FollowerStateName } from '../../../lib/replication/FollowerState.js';
import type { Keyspace } from '../../../lib/keyspace/Keyspace.js';

/**
 * Resolves once `condition()` holds, polling every 5 ms; rejects with `label` after `limitMs`
 * (a hang guard, not a timing assertion).
 */
export async function waitFor(condition: () => boolean, label: string, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The next state of `follower` with the given name (current one included). */
export function nextState<N extends FollowerStateName>(follower: Follower, name: N): Promise<Extract<FollowerState, { state: N }>> {
  const states$ = follower.state$ as Observable<FollowerState>;
  return firstValueFrom(states$.pipe(filter((state): state is Extract<FollowerState, { state: N }> => state.state === name)));
}

/** Waits until the follower applied everything the leader wrote, then both digests can be compared. */
export async function caughtUp(follower: Follower, leader: Keyspace, label = 'follower to catch up'): Promise<void> {
  await waitFor(() => follower.current.state === 'streaming' && follower.offset === leader.offset, label);
}
