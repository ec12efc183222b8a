import type { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { MockSocket } from './support/MockSocket.js';
import { startTestServer } from './support/serverFixtures.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('a connection handed over to replication (PSYNC)', () => {
  it('is read by the replication side even if it was paused for its read turn when PSYNC ran', async () => {
    const keyspace = new Keyspace();
    const server = await startTestServer({ keyspace });
    try {
      const socket = new MockSocket();
      (server as unknown as { listener: EventEmitter }).listener.emit('connection', socket);
      socket.emit('data', Buffer.from('*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n'));
      // Over 64 KiB of requests while blocked: the client yields its read turn (the socket pauses).
      socket.emit('data', Buffer.from(`${'*1\r\n$4\r\nPING\r\n'.repeat(5000)}*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n`));
      expect(socket.isPaused()).toBe(true);
      // Serving BLPOP runs the buffered requests in this same turn, PSYNC last: the connection
      // becomes a replica's before the yielded turn would have resumed it.
      keyspace.execute(['LPUSH', 'k', 'v']);
      await nextTurn();
      await nextTurn();
      expect(socket.text()).toMatch(/^\*2\r\n\$1\r\nk\r\n\$1\r\nv\r\n(\+PONG\r\n){5000}\+FULLRESYNC [0-9a-f]{40} \d+\r\n/);
      expect(socket.isPaused()).toBe(false);
    } finally {
      await server.close();
    }
  });
});
