import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import type { Server } from '../../../lib/server/Server.js';
import { startServer } from '../../../lib/server/startServer.js';
import type { ServerOptions } from '../../../lib/server/ServerOptions.js';
import { startRedisServer, type RedisServer } from '../../support/redisServer.js';

/** A forkless server on 127.0.0.1:0 without save rules and without loading a snapshot. */
export function startTestServer(options: ServerOptions = {}): Promise<Server> {
  return startServer({ port: 0, save: '', loadSnapshot: false, keyspace: options.keyspace ?? new Keyspace(), ...options });
}

/**
 * Sends raw bytes and collects everything the server answers until it closes the connection
 * (or, with `until`, until the collected text ends with it).
 */
export function exchange(port: number, bytes: Buffer | string, until?: string): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (until !== undefined && reply.endsWith(until)) {
        socket.destroy();
        resolve({ reply, closed: false });
      }
    });
    // A reset while we still write counts as the server closing the connection.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ reply, closed: true }) : reject(error)));
    socket.on('close', () => resolve({ reply, closed: true }));
  });
}

/** A redis-server and a forkless server side by side, for differential tests. */
export interface ServerPair {
  readonly redis: RedisServer;
  readonly server: Server;
}

/**
 * Starts a redis-server and a forkless server before the enclosing suite's tests and stops both
 * after them; the pair is filled in once `beforeAll` has run.
 *
 * @example
 * ```ts
 * const pair = serversSideBySide();
 * it('agrees', async () => expect(await exchange(pair.server.port, 'PING\r\n')).toEqual(await exchange(pair.redis.port, 'PING\r\n')));
 * ```
 */
export function serversSideBySide(): ServerPair {
  const pair = {} as { redis: RedisServer; server: Server };
  beforeAll(async () => {
    pair.redis = await startRedisServer();
    pair.server = await startTestServer();
  });
  afterAll(async () => {
    await pair.server?.close();
    await pair.redis?.stop();
  });
  return pair;
}

/** What a test started and the suite closes after it: servers, and clients (ioredis, node-redis). */
export interface StartedInTest {
  readonly servers: Server[];
  readonly clients: { disconnect(): void }[];
}

/**
 * Lists a test fills with the servers and clients it starts; after each test the clients are
 * disconnected and the servers closed, and the lists emptied.
 *
 * @example
 * ```ts
 * const { servers, clients } = closedAfterEach();
 * servers.push(await startServer({ port: 0 }));
 * ```
 */
export function closedAfterEach(): StartedInTest {
  const started: StartedInTest = { servers: [], clients: [] };
  afterEach(async () => {
    for (const client of started.clients.splice(0)) client.disconnect();
    await Promise.all(started.servers.splice(0).map((server) => server.close()));
  });
  return started;
}
