import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Server } from '../../lib/server/Server.js';
import { RespClient, RespError } from '../support/RespClient.js';
import { exchange, startTestServer } from './support/serverFixtures.js';
import { VirtualScheduler } from './support/VirtualScheduler.js';

let server: Server | undefined;
const opened: RespClient[] = [];

afterEach(async () => {
  for (const client of opened.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function client(port: number): Promise<RespClient> {
  const connection = await RespClient.connect(port);
  opened.push(connection);
  return connection;
}

async function settle(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('limits and resource hygiene', () => {
  it('refuses connections beyond maxclients with Redis’s error', async () => {
    server = await startTestServer({ maxclients: 2 });
    await client(server.port);
    await client(server.port);
    await settle(() => server!.clients.size === 2);
    expect(await exchange(server.port, '')).toEqual({ reply: '-ERR max number of clients reached\r\n', closed: true });
    expect(server.stats.rejectedConnections).toBe(1);
  });

  it('closes idle clients after `timeout` seconds of virtual time, not blocked or subscribed ones', async () => {
    const scheduler = new VirtualScheduler();
    server = await startTestServer({ scheduler, timeout: 10 });
    const [idle, blocked, subscribed] = [await client(server.port), await client(server.port), await client(server.port)];
    await idle.call(['PING']);
    void blocked.call(['BLPOP', 'q', '0']).catch(() => undefined);
    await subscribed.call(['SUBSCRIBE', 'c']);
    await settle(() => server!.blocking.size === 1);
    scheduler.advance(10_000);
    expect(server.clients.size).toBe(3);
    scheduler.advance(2_000);
    await settle(() => server!.clients.size === 2);
    await expect(idle.call(['PING'])).rejects.toThrow(/closed/);
  });

  it('a client that sends half a command and vanishes leaves nothing behind', async () => {
    server = await startTestServer();
    const socket = connect({ host: '127.0.0.1', port: server.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nhalf');
    await settle(() => [...server!.clients.values()].some((candidate) => candidate.parser.bufferedBytes > 0));
    socket.destroy();
    await settle(() => server!.clients.size === 0);
    expect(server.keyspace.dbsize()).toBe(0);
  });

  it('closes a client whose unparsed input exceeds client-query-buffer-limit', async () => {
    server = await startTestServer({ config: { 'client-query-buffer-limit': '1mb' } });
    const result = exchange(server.port, Buffer.concat([Buffer.from('*2\r\n$4\r\nECHO\r\n$2000000\r\n'), Buffer.alloc(1_100_000, 'x')]));
    expect(await result).toEqual({ reply: '', closed: true });
  });

  it('applies a client-query-buffer-limit changed by CONFIG SET to the next read', async () => {
    server = await startTestServer();
    expect(await (await client(server.port)).call(['CONFIG', 'SET', 'client-query-buffer-limit', '1mb'])).toBe('OK');
    const result = exchange(server.port, Buffer.concat([Buffer.from('*2\r\n$4\r\nECHO\r\n$2000000\r\n'), Buffer.alloc(1_100_000, 'x')]));
    expect(await result).toEqual({ reply: '', closed: true });
  });

  it('closes a slow pub/sub reader at the hard output limit; publishers and others go on', async () => {
    server = await startTestServer({ config: { 'client-output-buffer-limit': 'pubsub 256kb 0 0' } });
    const slow = connect({ host: '127.0.0.1', port: server.port });
    await new Promise((resolve) => slow.once('connect', resolve));
    slow.write('SUBSCRIBE flood\r\n');
    await settle(() => server!.pubsub.channels.has('flood'));
    slow.pause();
    const publisher = await client(server.port);
    const message = 'm'.repeat(10_000);
    let receivers = 1;
    for (let round = 0; round < 2000 && receivers > 0; round++) receivers = (await publisher.call(['PUBLISH', 'flood', message])) as number;
    expect(receivers).toBe(0);
    expect(server.pubsub.channels.size).toBe(0);
    expect(await publisher.call(['PING'])).toBe('PONG');
    slow.destroy();
  });

  it('stops reading from a client that does not read its replies (bounded output)', async () => {
    server = await startTestServer();
    const reader = connect({ host: '127.0.0.1', port: server.port });
    await new Promise((resolve) => reader.once('connect', resolve));
    reader.pause();
    const big = 'v'.repeat(1024 * 1024);
    await (await client(server.port)).call(['SET', 'big', big]);
    const request = Buffer.from('GET big\r\n'.repeat(400));
    reader.write(request);
    await settle(() => [...server!.clients.values()].some((candidate) => candidate.socket.writableLength > 0));
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    const pending = Math.max(...[...server.clients.values()].map((candidate) => candidate.outputBytes));
    expect(pending).toBeLessThan(4 * 1024 * 1024);
    expect([...server.clients.values()].some((candidate) => candidate.parser.bufferedBytes > 0)).toBe(true);
    reader.destroy();
  });

  it('a defect inside one command answers that client with an error; the server keeps serving', async () => {
    const keyspace = new Keyspace();
    const session = keyspace.session.bind(keyspace);
    keyspace.session = () => {
      const created = session();
      const run = created.run.bind(created);
      created.run = (specification, argv) => {
        if (specification.name === 'strlen') throw new TypeError('boom');
        return run(specification, argv);
      };
      return created;
    };
    server = await startTestServer({ keyspace });
    const connection = await client(server.port);
    expect(await connection.call(['STRLEN', 'k'])).toEqual(new RespError("ERR internal error in 'strlen': boom"));
    expect(await connection.call(['PING'])).toBe('PONG');
  });

  it('requirepass: NOAUTH before AUTH, WRONGPASS for a bad password, HELLO AUTH', async () => {
    server = await startTestServer({ requirepass: 'secret', keyspace: new Keyspace() });
    const connection = await client(server.port);
    expect(await connection.call(['GET', 'k'])).toEqual(new RespError('NOAUTH Authentication required.'));
    expect(await connection.call(['AUTH', 'wrong'])).toEqual(new RespError('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(await connection.call(['HELLO', '2'])).toEqual(new RespError(expect.stringMatching(/^NOAUTH HELLO must be called/) as unknown as string));
    expect(await connection.call(['HELLO', '2', 'AUTH', 'default', 'secret'])).toContain('redis');
    expect(await connection.call(['GET', 'k'])).toBe(null);
  });
});
