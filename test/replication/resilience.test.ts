import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { LeaderEvent } from '../../lib/replication/Leader.js';
import type { FollowerState } from '../../lib/replication/FollowerState.js';
import { useCluster } from './support/cluster.js';
import { caughtUp, nextState, waitFor } from './support/waitFor.js';
import { seed, startWriteLoad } from './support/writeLoad.js';

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function recordStates(follower: { state$: { subscribe(next: (state: FollowerState) => void): unknown } }): FollowerState[] {
  const states: FollowerState[] = [];
  follower.state$.subscribe((state) => states.push(state));
  return states;
}

describe('broken links, slow followers, restarts', () => {
  const cluster = useCluster();

  it('survives a link cut during the full sync: reconnects, syncs again, converges', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 20_000);
    const leader = await cluster.leader({ keyspace, iteration: { batchSize: 256 } });
    const proxy = await cluster.proxy(leader.port);
    proxy.cutAfter(150_000);
    const stop = startWriteLoad(keyspace, 4);
    const follower = cluster.follower(proxy.url);
    const states = recordStates(follower);
    const backoff = await nextState(follower, 'backoff');
    expect(backoff.error.code).toBe('FORKLESS_ERR_CLOSED');
    // The broken sync left the previous (empty) data in place.
    expect(follower.keyspace.databases.every((database) => database.size === 0)).toBe(true);
    expect(states.some((state) => state.state === 'full-sync' && state.entriesReceived > 0)).toBe(true);
    await nextState(follower, 'streaming');
    stop();
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    expect(proxy.connections).toBe(2);
  });

  it('resumes with a partial resync after a link cut while streaming', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 2000);
    const leader = await cluster.leader({ keyspace });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    const proxy = await cluster.proxy(leader.port);
    const follower = cluster.follower(proxy.url);
    await nextState(follower, 'streaming');
    const stop = startWriteLoad(keyspace, 5);
    await waitFor(() => follower.offset > keyspace.offset - 50 && keyspace.offset > 3000, 'live records');
    proxy.cut();
    await nextState(follower, 'backoff');
    const resumed = await nextState(follower, 'streaming');
    stop();
    expect(resumed.resync).toBe('partial');
    expect(events.filter((event) => event.type === 'continue')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'full-sync-start')).toHaveLength(1);
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });

  it('falls back to a full sync when the backlog no longer covers the gap', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 1000);
    const leader = await cluster.leader({ keyspace, backlog: { maxRecords: 10 } });
    const proxy = await cluster.proxy(leader.port);
    const follower = cluster.follower(proxy.url);
    await nextState(follower, 'streaming');
    proxy.targetPort = await deadPort();
    proxy.cut();
    await nextState(follower, 'backoff');
    for (let index = 0; index < 100; index++) keyspace.execute(['SET', `gap${index}`, 'x']);
    expect(leader.backlog.covers(follower.offset)).toBe(false);
    proxy.targetPort = leader.port;
    await waitFor(() => follower.current.state === 'streaming', 'resync');
    expect(follower.current).toMatchObject({ state: 'streaming', resync: 'full' });
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });

  it('disconnects a follower that stops reading at the output limit; the others carry on', async () => {
    const keyspace = cluster.keyspace();
    const leader = await cluster.leader({ keyspace, outputLimit: 512 * 1024, highWaterMark: 64 * 1024, closeGraceMs: 200 });
    const disconnected = new Promise<LeaderEvent>((resolve) => leader.events$.subscribe((event) => event.type === 'disconnected' && resolve(event)));
    const proxy = await cluster.proxy(leader.port);
    const stalled = cluster.follower(proxy.url);
    const healthy = cluster.follower(leader.url);
    await Promise.all([nextState(stalled, 'streaming'), nextState(healthy, 'streaming')]);
    proxy.stall();
    const value = 'v'.repeat(100_000);
    let written = 0;
    while (written < 400) {
      for (let index = 0; index < 10; index++) keyspace.execute(['SET', `big${written++ % 50}`, value + written]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const event = await disconnected;
    expect(event).toMatchObject({ type: 'disconnected', code: 4429, follower: { followerId: stalled.followerId } });
    expect(event.type === 'disconnected' && event.reason).toMatch(/output limit exceeded/);
    await caughtUp(healthy, keyspace, 'healthy follower');
    expect(healthy.keyspace.digest()).toBe(keyspace.digest());
    expect(leader.followers().map((info) => info.followerId)).toEqual([healthy.followerId]);
    proxy.resume();
    await nextState(stalled, 'backoff');
    await caughtUp(stalled, keyspace, 'stalled follower after resume');
    expect(stalled.keyspace.digest()).toBe(keyspace.digest());
  });

  it('serves several followers at once, one joining while another is in its full sync', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 20_000);
    const leader = await cluster.leader({ keyspace, iteration: { batchSize: 128 } });
    const stop = startWriteLoad(keyspace, 6);
    const first = cluster.follower(leader.url);
    await waitFor(() => first.current.state === 'full-sync' && first.current.entriesReceived > 1000, 'first sync under way');
    const second = cluster.follower(leader.url);
    const third = cluster.follower(leader.url);
    await Promise.all([first, second, third].map((follower) => nextState(follower, 'streaming')));
    stop();
    for (const follower of [first, second, third]) await caughtUp(follower, keyspace);
    for (const follower of [first, second, third]) expect(follower.keyspace.digest()).toBe(keyspace.digest());
    expect(new Set(leader.followers().map((info) => info.followerId)).size).toBe(3);
  });

  it('forces a full sync after a leader restart (new history id); a broken sync keeps the old data', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 3000);
    const first = await cluster.leader({ keyspace });
    const proxy = await cluster.proxy(first.port);
    const follower = cluster.follower(proxy.url);
    await nextState(follower, 'streaming');
    const oldDigest = follower.keyspace.digest();
    await first.close();
    const closed = await nextState(follower, 'backoff');
    expect(closed).toMatchObject({ code: 1001, reason: 'leader shutting down' });
    seed(keyspace, 5000, 2);
    const second = await cluster.leader({ keyspace });
    expect(second.historyId).not.toBe(first.historyId);
    proxy.targetPort = second.port;
    proxy.cutAfter(100_000);
    await waitFor(() => follower.current.state === 'full-sync', 'second sync');
    await nextState(follower, 'backoff');
    expect(follower.keyspace.digest()).toBe(oldDigest);
    const resumed = await nextState(follower, 'streaming');
    expect(resumed.resync).toBe('full');
    expect(follower.historyId).toBe(second.historyId);
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });

  it.each([
    [60_000, [1, 2, 3]],
    [0, [1, 1, 1]],
  ])('backs off further after each failure unless it streamed for stableAfterMs (%i ms): attempts %j', async (stableAfterMs, expected) => {
    const keyspace = cluster.keyspace();
    const leader = await cluster.leader({ keyspace });
    const proxy = await cluster.proxy(leader.port);
    const attempts: number[] = [];
    const follower = cluster.follower(proxy.url, { stableAfterMs, backoff: (attempt) => (attempts.push(attempt), 5) });
    for (let round = 0; round < 3; round++) {
      await nextState(follower, 'streaming');
      proxy.cut();
      await nextState(follower, 'backoff');
    }
    expect(attempts).toEqual(expected);
  });

  it('syncs through a link that delivers one byte at a time', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 300);
    const leader = await cluster.leader({ keyspace });
    const proxy = await cluster.proxy(leader.port);
    proxy.byteByByte = true;
    const follower = cluster.follower(proxy.url);
    await nextState(follower, 'streaming');
    keyspace.execute(['SET', 'after', Buffer.from([0, 1, 255])]);
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });
});
