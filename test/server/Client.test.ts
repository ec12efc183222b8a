import type { Socket } from 'node:net';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ByteString } from '../../lib/keyspace/byteString.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { Client, type ClientHost } from '../../lib/server/Client.js';
import { MockSocket } from './support/MockSocket.js';

/**
 * A client over `socket` whose host records what it runs; every request takes `msPerRequest` of
 * the host's clock, and the host's scheduler is a virtual one the test advances.
 */
function clientOn(
  socket: MockSocket,
  executed: ByteString[][],
  msPerRequest = 0,
  scheduler = new VirtualTimeScheduler(),
  flushLater: (client: Client) => void = (client) => client.flush(),
): Client {
  let clock = 0;
  const host: ClientHost = {
    beginBatch: () => {},
    flushLater,
    execute: (client, argv) => {
      executed.push(argv);
      clock += msPerRequest;
      client.writer.simple('OK');
    },
    errorReplied: () => {},
    maxBulkLength: 512 * 1024 * 1024,
    queryBufferLimit: 1024 * 1024 * 1024,
    exceedsOutputLimit: () => false,
    now: () => clock,
    scheduler,
  };
  return new Client(1, socket as unknown as Socket, new Keyspace().session(), host, false);
}

/** `count` pipelined `SET key:i <100 bytes>` requests. */
function pipeline(count: number, from = 0): Buffer {
  const value = 'v'.repeat(100);
  let text = '';
  for (let index = from; index < from + count; index++) {
    const key = `key:${index}`;
    text += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$100\r\n${value}\r\n`;
  }
  return Buffer.from(text, 'latin1');
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Client', () => {
  it('runs every request of a chunk and answers them in one write', () => {
    const socket = new MockSocket();
    const executed: ByteString[][] = [];
    clientOn(socket, executed).receive(pipeline(10));
    expect(executed.map((argv) => argv[1])).toEqual(Array.from({ length: 10 }, (_, index) => `key:${index}`));
    expect(socket.written).toHaveLength(1);
    expect(socket.written[0]!.toString()).toBe('+OK\r\n'.repeat(10));
    expect(socket.calls).toEqual([]);
  });

  it('leaves the write of its replies to the host, but writes 64 KB of replies at once', () => {
    const socket = new MockSocket();
    const later: Client[] = [];
    const client = clientOn(socket, [], 0, new VirtualTimeScheduler(), (waiting) => later.push(waiting));
    client.receive(pipeline(10));
    expect(socket.written).toHaveLength(0);
    expect(later).toEqual([client]);
    client.flush();
    expect(socket.written.map(String)).toEqual(['+OK\r\n'.repeat(10)]);
    client.receive(pipeline(14_000)); // 70 KB of replies: the first 64 KB leave while it runs
    expect(socket.written).toHaveLength(2);
    expect(socket.written[1]!.length).toBeGreaterThanOrEqual(64 * 1024);
    client.flush();
    expect(Buffer.concat(socket.written.slice(1)).toString()).toBe('+OK\r\n'.repeat(14_000));
  });

  it('after 64 KB of requests stops reading until the next pass of the event loop, then reads on', async () => {
    const socket = new MockSocket();
    const executed: ByteString[][] = [];
    const client = clientOn(socket, executed);
    const chunk = pipeline(200); // ≈ 25 KB
    client.receive(chunk);
    client.receive(chunk);
    expect(socket.calls).toEqual([]);
    client.receive(chunk); // 75 KB: over the turn's share
    expect(socket.calls).toEqual(['pause']);
    client.receive(chunk); // bytes the stream had already read still run
    expect(socket.calls).toEqual(['pause']);
    expect(executed).toHaveLength(800);
    await nextTurn();
    expect(socket.calls).toEqual(['pause', 'resume']);
    client.receive(chunk); // 50 KB since the yield
    expect(socket.calls).toEqual(['pause', 'resume']);
    client.receive(chunk);
    expect(socket.calls).toEqual(['pause', 'resume', 'pause']);
  });

  it('limited to an input share, rests after each 64 KB turn for what its requests took × (1 − share) / share', async () => {
    const socket = new MockSocket();
    const scheduler = new VirtualTimeScheduler();
    const client = clientOn(socket, [], 0.01, scheduler); // 600 requests (a turn) take 6 ms
    client.limitInputShare(0.25);
    const chunk = pipeline(200);
    for (let index = 0; index < 3; index++) client.receive(chunk);
    expect(socket.calls).toEqual(['pause']);
    await nextTurn();
    expect(socket.calls).toEqual(['pause']); // no resume at the next pass: it owes a rest
    scheduler.maxFrames = 17.9;
    scheduler.flush();
    expect(socket.calls).toEqual(['pause']);
    scheduler.maxFrames = 18.1;
    scheduler.flush();
    expect(socket.calls).toEqual(['pause', 'resume']);
  });

  it('an input share adds up rests under 1 ms until they are worth a timer', async () => {
    const socket = new MockSocket();
    const scheduler = new VirtualTimeScheduler();
    const client = clientOn(socket, [], 0.001, scheduler); // a turn takes 0.6 ms: rest 0.6 ms at 0.5
    client.limitInputShare(0.5);
    const chunk = pipeline(200);
    for (let index = 0; index < 3; index++) client.receive(chunk);
    await nextTurn();
    expect(socket.calls).toEqual(['pause', 'resume']); // 0.6 ms owed: the next pass
    for (let index = 0; index < 3; index++) client.receive(chunk);
    await nextTurn();
    expect(socket.calls).toEqual(['pause', 'resume', 'pause']); // 1.2 ms owed: a timer
    scheduler.flush();
    expect(socket.calls).toEqual(['pause', 'resume', 'pause', 'resume']);
    expect(scheduler.now()).toBeCloseTo(1.2, 6);
  });

  it('refuses an input share outside (0, 1]', () => {
    const client = clientOn(new MockSocket(), []);
    for (const share of [0, -0.5, 1.5, Number.NaN]) expect(() => client.limitInputShare(share)).toThrow(RangeError);
    expect(() => client.limitInputShare(1)).not.toThrow();
  });

  it('a yield does not resume a client that stopped reading because it does not read its replies', async () => {
    const socket = new MockSocket();
    socket.write = (bytes: Buffer) => (socket.written.push(bytes), false);
    const executed: ByteString[][] = [];
    const client = clientOn(socket, executed);
    client.receive(pipeline(600)); // ≈ 75 KB, and the kernel takes no more replies
    expect(socket.calls).toEqual(['pause']);
    await nextTurn();
    expect(socket.calls).toEqual(['pause']);
    socket.emit('drain');
    expect(socket.calls).toEqual(['pause', 'resume']);
  });
});
