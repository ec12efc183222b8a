import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ByteString } from '../../lib/keyspace/byteString.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { Client, type ClientHost } from '../../lib/server/Client.js';
import { MockSocket } from './support/MockSocket.js';

function clientOn(socket: MockSocket, executed: ByteString[][]): Client {
  const host: ClientHost = {
    beginBatch: () => {},
    execute: (client, argv) => {
      executed.push(argv);
      client.writer.simple('OK');
    },
    protocolError: () => {},
    maxBulkLength: 512 * 1024 * 1024,
    queryBufferLimit: 1024 * 1024 * 1024,
    exceedsOutputLimit: () => false,
    now: () => 0,
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
