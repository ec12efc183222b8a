import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { LeaderEvent } from '../../lib/replication/Leader.js';
import { encodeMessage } from '../../lib/replication/messageCodec.js';
import { PROTOCOL_VERSION } from '../../lib/replication/ReplicationMessage.js';
import { useCluster } from './support/cluster.js';
import { caughtUp, nextState } from './support/waitFor.js';
import { seed } from './support/writeLoad.js';

/** Opens a raw WebSocket, runs `act` once open, resolves with the close code and reason. */
function rawSession(url: string, act: (socket: WebSocket) => void, headers: Record<string, string> = {}): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => act(socket));
    socket.on('error', () => {});
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

const hello = (version = PROTOCOL_VERSION) => encodeMessage({ type: 'hello', version, followerId: 'raw', historyId: null, offset: 0 });

describe('security and hostile input', () => {
  const cluster = useCluster();

  it('refuses a missing or wrong token with HTTP 401 and accepts the right one', async () => {
    const keyspace = cluster.keyspace();
    keyspace.execute(['SET', 'secret', 'data']);
    const leader = await cluster.leader({ keyspace, token: 's3cret' });
    const events: LeaderEvent[] = [];
    leader.events$.subscribe((event) => events.push(event));
    for (const token of ['wrong', undefined]) {
      const follower = cluster.follower(leader.url, token === undefined ? {} : { token });
      const refused = await nextState(follower, 'backoff');
      expect(refused).toMatchObject({ code: 401, error: { code: 'FORKLESS_ERR_UNAUTHORIZED' } });
      expect(follower.keyspace.dbsize()).toBe(0);
      follower.close();
    }
    expect(events.filter((event) => event.type === 'rejected')).toHaveLength(2);
    const good = cluster.follower(leader.url, { token: 's3cret' });
    await caughtUp(good, keyspace);
    expect(good.keyspace.execute(['GET', 'secret'])).toBe('data');
  });

  it('closes hostile connections with the right code and reason while a follower keeps streaming', async () => {
    const keyspace = cluster.keyspace();
    seed(keyspace, 2000);
    const leader = await cluster.leader({ keyspace, maxPayload: 1024 });
    const follower = cluster.follower(leader.url);
    await nextState(follower, 'streaming');
    const url = leader.url;
    const cases: [string, (socket: WebSocket) => void, number, RegExp][] = [
      ['text frame', (socket) => socket.send('hello'), 4400, /text frames/],
      ['garbage bytes', (socket) => socket.send(Buffer.from([0xc1, 0xff, 0x00])), 4400, /undecodable/],
      ['truncated hello', (socket) => socket.send(hello().subarray(0, 5)), 4400, /undecodable/],
      ['unknown message', (socket) => socket.send(encodeMessage({ type: 'heartbeat', offset: 1 })), 4400, /leader message/],
      ['ack before hello', (socket) => socket.send(encodeMessage({ type: 'ack', offset: 0 })), 4400, /ack before hello/],
      ['hello twice', (socket) => (socket.send(hello()), socket.send(hello())), 4400, /hello sent twice/],
      [
        'future ack',
        (socket) => (
          socket.send(encodeMessage({ type: 'hello', version: PROTOCOL_VERSION, followerId: 'raw', historyId: leader.historyId, offset: keyspace.offset })),
          socket.send(encodeMessage({ type: 'ack', offset: keyspace.offset + 5 }))
        ),
        4400,
        /beyond sent offset/,
      ],
      ['wrong version', (socket) => socket.send(hello(99)), 4426, /version 99 unsupported/],
      ['oversized frame', (socket) => socket.send(Buffer.alloc(4096)), 1009, /.*/],
    ];
    for (const [label, act, code, reason] of cases) {
      const closed = await rawSession(url, act);
      expect(closed.code, label).toBe(code);
      expect(closed.reason, label).toMatch(reason);
      keyspace.execute(['INCR', 'still-serving']);
    }
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
    expect(leader.followers().map((info) => info.followerId)).toEqual([follower.followerId]);
  });

  it('disconnects a silent peer after the heartbeat timeout', async () => {
    const leader = await cluster.leader({ keyspace: cluster.keyspace(), heartbeatIntervalMs: 10, timeoutMs: 50 });
    const closed = await rawSession(leader.url, (socket) => socket.send(hello()));
    expect(closed.code).toBe(4408);
    expect(closed.reason).toMatch(/no message from follower/);
  });

  it('a full sync of values bigger than the output limit in one cursor cycle is not cut off', async () => {
    const keyspace = cluster.keyspace();
    for (let index = 0; index < 40; index++) keyspace.execute(['SET', `big${index}`, 'x'.repeat(100_000)]);
    const leader = await cluster.leader({ keyspace, outputLimit: 256 * 1024, highWaterMark: 64 * 1024 });
    const follower = cluster.follower(leader.url);
    await caughtUp(follower, keyspace);
    expect(follower.keyspace.digest()).toBe(keyspace.digest());
  });
});
