import { typeOfValue } from '../../lib/keyspace/Value.js';
import { describe, expect, it } from 'vitest';
import type { LeaderEvent } from '../../lib/replication/Leader.js';
import type { FollowerState } from '../../lib/replication/FollowerState.js';
import { useCluster } from './support/cluster.js';
import { caughtUp, nextState, waitFor } from './support/waitFor.js';
import { seed, startWriteLoad } from './support/writeLoad.js';

describe('full sync and live stream', () => {
  const cluster = useCluster();

  it('brings a follower to the leader digest under a continuous random write load of every type', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 20_000);
    // Small frames and a slow cursor: writes interleave with many sync cycles.
    const leader = await cluster.leader({ keyspace, frames: { maxItems: 64 }, iteration: { batchSize: 128 } });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    const stop = startWriteLoad(keyspace, 2);
    const follower = cluster.follower(leader.url);
    const states: FollowerState[] = [];
    follower.state$.subscribe((state) => states.push(state));
    await nextState(follower, 'streaming');
    await new Promise((resolve) => setTimeout(resolve, 100)); // keep writing while streaming
    stop();
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    expect(follower.historyId).toBe(leader.historyId);

    const syncStates = states.filter((state) => state.state === 'full-sync');
    expect(syncStates.length).toBeGreaterThan(10); // progress reported frame by frame
    const last = syncStates.at(-1)!;
    expect(last.state === 'full-sync' && last.entriesReceived).toBeGreaterThan(1000);
    expect(events.map((event) => event.type)).toContain('full-sync-complete');
    const [info] = leader.followers();
    expect(info).toMatchObject({ state: 'streaming', followerId: follower.followerId });
    expect(info!.fullSync!.entriesSent).toBeGreaterThan(1000);
    expect(info!.fullSync!.commandsSent).toBeGreaterThan(0); // writes were forwarded during the sync
    const types = new Set(follower.keyspace.databases.flatMap((database) => Array.from(database.keys(), (key) => typeOfValue(database.value(key)!))));
    expect(types).toEqual(new Set(['string', 'hash', 'list', 'set', 'zset']));
  });

  it('paces the cursor to the socket and resumes once it drains: a sync far larger than the high-water mark completes', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 2_000);
    // 24 MB of values: more than the kernel buffers of a stalled loopback link can absorb.
    for (let index = 0; index < 400; index++) keyspace.execute(['SET', `large:${index}`, String(index).padEnd(60_000, 'v')]);
    const leader = await cluster.leader({ keyspace, highWaterMark: 64 * 1024, lowWaterMark: 16 * 1024 });
    // A stalled link fills the kernel buffers, so the leader's own buffer passes the high-water mark
    // and the cursor pauses; once the link flows again, the write callbacks must resume it.
    const proxy = await cluster.proxy(leader.port);
    const follower = cluster.follower(proxy.url);
    await nextState(follower, 'full-sync');
    proxy.stall();
    await waitFor(() => (leader.followers()[0]?.bufferedBytes ?? 0) > 64 * 1024, 'the leader to buffer past the high-water mark');
    proxy.resume();
    await nextState(follower, 'streaming');
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });

  it('makes the follower keyspace a read-only replica while it follows, writable again once closed', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 100);
    const leader = await cluster.leader({ keyspace });
    const follower = cluster.follower(leader.url);
    await nextState(follower, 'streaming');
    expect(() => follower.keyspace.execute(['SET', 'local', 'write'])).toThrow(/^READONLY/);
    follower.close();
    expect(follower.keyspace.execute(['SET', 'local', 'write'])).toBe('OK');
  });

  it('keeps the previous data readable during a sync and swaps it in whole at complete', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 5000);
    const leader = await cluster.leader({ keyspace, frames: { maxItems: 50 }, iteration: { batchSize: 50 } });
    const previous = cluster.keyspace();
    previous.execute(['SET', 'old-data', 'stays until complete']);
    const follower = cluster.follower(leader.url, { keyspace: previous });
    const sizesDuringSync: number[] = [];
    follower.state$.subscribe((state) => {
      if (state.state === 'full-sync') sizesDuringSync.push(follower.keyspace.dbsize(0));
    });
    await nextState(follower, 'streaming');
    expect(sizesDuringSync.length).toBeGreaterThan(3);
    expect(new Set(sizesDuringSync)).toEqual(new Set([1]));
    expect(follower.keyspace.execute(['GET', 'old-data'])).toBeNull();
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });

  it('streams live writes and reports acked offset and lag per follower', async () => {
    const keyspace = cluster.keyspace();
    const leader = await cluster.leader({ keyspace });
    const follower = cluster.follower(leader.url, { ackIntervalMs: 20 });
    await nextState(follower, 'streaming');
    for (let index = 0; index < 100; index++) keyspace.execute(['SET', `k${index}`, Buffer.from([index, 255])]);
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    // The next periodic ack reports offset 100 (waited for, not slept on: a loaded machine may be late).
    await waitFor(() => leader.followers()[0]?.ackedOffset === 100, 'the ack of offset 100');
    expect(leader.followers()[0]).toMatchObject({ state: 'streaming', ackedOffset: 100, sentOffset: 100, lag: 0 });
  });
});
