import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { LeaderEvent } from '../../lib/replication/Leader.js';
import { useCluster } from './support/cluster.js';
import { caughtUp, nextState, waitFor } from './support/waitFor.js';

/** A raw TCP connection to the leader; `closed` resolves when the leader drops it. */
async function rawConnection(port: number): Promise<{ socket: Socket; closed: Promise<void>; received: () => string }> {
  const socket = connect({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, received: () => received };
}

describe('connection limits', () => {
  const cluster = useCluster();

  it('drops an upgrade that never finishes its headers after handshakeTimeoutMs', async () => {
    const keyspace = cluster.keyspace();
    const leader = await cluster.leader({ keyspace, handshakeTimeoutMs: 50 });
    const slow = await rawConnection(leader.port);
    // The headers never end (no blank line): only the handshake timeout can free this connection.
    slow.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
    const silent = await rawConnection(leader.port);
    await Promise.all([slow.closed, silent.closed]);
    expect(slow.socket.destroyed && silent.socket.destroyed).toBe(true);
  });

  it('does not drop a follower once its upgrade completed', async () => {
    const keyspace = cluster.keyspace();
    keyspace.execute(['SET', 'k', 'v']);
    const leader = await cluster.leader({ keyspace, handshakeTimeoutMs: 50, heartbeatIntervalMs: 10 });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    const follower = cluster.follower(leader.url);
    await nextState(follower, 'streaming');
    // Ten heartbeats later (at least 100 ms, twice the handshake timeout) it still streams.
    let heartbeats = 0;
    follower.state$.subscribe((state) => state.state === 'streaming' && heartbeats++);
    await waitFor(() => heartbeats > 10, 'ten heartbeats');
    expect(follower.current.state).toBe('streaming');
    expect(events.some((event) => event.type === 'disconnected')).toBe(false);
  });

  it('answers HTTP 503 beyond maxConnections (handshakes count) and serves again once one closes', async () => {
    const keyspace = cluster.keyspace();
    keyspace.execute(['SET', 'k', 'v']);
    const leader = await cluster.leader({ keyspace, maxConnections: 2 });
    const rejected: LeaderEvent[] = [];
    leader.events$.subscribe((event) => event.type === 'rejected' && rejected.push(event));
    const holders = [await rawConnection(leader.port), await rawConnection(leader.port)];
    const refused = await rawConnection(leader.port);
    await refused.closed;
    expect(refused.received()).toMatch(/^HTTP\/1\.1 503 /);
    const follower = cluster.follower(leader.url);
    const backoff = await nextState(follower, 'backoff');
    expect(backoff.code).toBe(503);
    expect(rejected.map((event) => event.type === 'rejected' && event.status)).toEqual([503, 503]);
    holders[0]!.socket.destroy();
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    holders[1]!.socket.destroy();
  });
});
