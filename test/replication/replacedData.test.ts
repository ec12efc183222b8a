import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, skip } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Follower } from '../../lib/replication/Follower.js';
import type { FollowerState } from '../../lib/replication/FollowerState.js';
import type { LeaderEvent } from '../../lib/replication/Leader.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import { useCluster } from './support/cluster.js';
import { caughtUp, nextState, waitFor } from './support/waitFor.js';
import { fixedClock, seed, startWriteLoad } from './support/writeLoad.js';

let directory: string;
beforeEach(async () => (directory = await mkdtemp(join(tmpdir(), 'forkless-replaced-'))));
afterEach(() => rm(directory, { recursive: true, force: true }));

/** Saves a keyspace of `keys` seeded keys (written with `seedValue`) and returns the file. */
async function snapshotFile(keys: number, seedValue: number): Promise<{ path: string; digest: string; offset: number }> {
  const source = new Keyspace({ clock: fixedClock });
  seed(source, keys, seedValue);
  const path = join(directory, `seed${seedValue}.fkl`);
  await lastValueFrom(saveSnapshot(source, path));
  return { path, digest: source.digest(), offset: source.offset };
}

/** Every state the follower reports from now on (not the current one), with its history at that moment. */
function recordStates(follower: Follower): { state: FollowerState; historyId: string | null }[] {
  const states: { state: FollowerState; historyId: string | null }[] = [];
  follower.state$.pipe(skip(1)).subscribe((state) => states.push({ state, historyId: follower.historyId }));
  return states;
}

describe('replacing the leader data while followers stream', () => {
  const cluster = useCluster();

  it('loading an older snapshot starts a new history: every streaming follower takes a full sync of the new data', async () => {
    const older = await snapshotFile(500, 9);
    const keyspace = cluster.keyspace();
    seed(keyspace, 3000);
    expect(older.offset).toBeLessThan(keyspace.offset); // the offset moves back on load
    const leader = await cluster.leader({ keyspace });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    const followers = [cluster.follower(leader.url), cluster.follower(leader.url)];
    await Promise.all(followers.map((follower) => caughtUp(follower, keyspace)));
    const oldHistory = leader.historyId;
    const after = followers.map(recordStates);

    await loadSnapshot(older.path, keyspace);
    expect(leader.historyId).not.toBe(oldHistory);
    expect(keyspace.digest()).toBe(older.digest);
    // Later writes apply to the new data on both sides.
    for (let index = 0; index < 50; index++) keyspace.execute(['INCR', `after-load:${index % 7}`]);
    for (const [index, follower] of followers.entries()) {
      await waitFor(() => follower.historyId === leader.historyId && follower.offset === keyspace.offset, 'the new history');
      expect(follower.keyspace.digest()).toBe(keyspace.digest());
      const states = after[index]!;
      // The replace sent it to a full sync at once (no backoff), and it never streamed the old history again.
      expect(states.map(({ state }) => state.state)).toContain('full-sync');
      expect(states.some(({ state }) => state.state === 'backoff')).toBe(false);
      const streamingAfterReplace = states.filter(({ state }) => state.state === 'streaming');
      expect(streamingAfterReplace.every(({ historyId, state }) => historyId === leader.historyId && state.state === 'streaming' && state.resync === 'full')).toBe(true);
    }
    const closes = events.filter((event) => event.type === 'disconnected');
    expect(closes.map((event) => event.type === 'disconnected' && event.code)).toEqual([4205, 4205]);
  });

  it('an idle leader serves a new follower at once after a load (the backlog restarts at the loaded offset)', async () => {
    const newer = await snapshotFile(2000, 3);
    const keyspace = cluster.keyspace();
    keyspace.execute(['SET', 'before', 'load']);
    const leader = await cluster.leader({ keyspace });
    await loadSnapshot(newer.path, keyspace);
    expect(keyspace.offset).toBe(newer.offset);
    expect(leader.backlog.covers(keyspace.offset)).toBe(true);
    const follower = cluster.follower(leader.url);
    const streaming = await nextState(follower, 'streaming');
    expect(streaming).toMatchObject({ resync: 'full', offset: newer.offset });
    expect(follower.keyspace.digest()).toBe(newer.digest);
  });

  it('a follower that reconnects with the old history id gets a full sync, even at an equal offset', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 1000);
    const leader = await cluster.leader({ keyspace });
    const proxy = await cluster.proxy(leader.port);
    const follower = cluster.follower(proxy.url);
    await caughtUp(follower, keyspace);
    const oldHistory = follower.historyId;
    const unreachable = leader.port;
    proxy.targetPort = 1; // nothing listens there: every reconnect fails until restored
    proxy.cut();
    await nextState(follower, 'backoff');
    // Different data, same offset: only the history id tells the follower's data is stale.
    const other = new Keyspace({ clock: fixedClock });
    seed(other, 700, 5);
    keyspace.replaceWith(other);
    expect(leader.backlog.covers(follower.offset)).toBe(true);
    proxy.targetPort = unreachable;
    await waitFor(() => follower.current.state === 'streaming' && follower.historyId !== oldHistory, 'the resync');
    expect(follower.current).toMatchObject({ state: 'streaming', resync: 'full' });
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });

  it('a replace in the middle of a full sync restarts it on the new data: no 4500, no streaming of stale data', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 20_000);
    const leader = await cluster.leader({ keyspace, iteration: { batchSize: 64 }, frames: { maxItems: 64 } });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    const stop = startWriteLoad(keyspace, 8);
    const follower = cluster.follower(leader.url);
    await waitFor(() => follower.current.state === 'full-sync' && follower.current.entriesReceived > 500, 'a sync under way');
    const replacement = new Keyspace({ clock: fixedClock });
    seed(replacement, 800, 6);
    keyspace.replaceWith(replacement);
    const history = leader.historyId;
    await waitFor(() => follower.current.state === 'streaming', 'streaming again');
    stop();
    await caughtUp(follower, keyspace);
    expect(follower.historyId).toBe(history);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    const codes = events.flatMap((event) => (event.type === 'disconnected' ? [event.code] : []));
    expect(codes).toEqual([4205]);
  });
});
