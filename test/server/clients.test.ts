import { createClient } from '@redis/client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../lib/server/Server.js';
import { startTestServer } from './support/serverFixtures.js';

let server: Server;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

function ioredis(): Redis {
  return new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

describe('ioredis against the forkless server (RESP2)', () => {
  it('reads and writes binary values and keys', async () => {
    const client = ioredis();
    const bytes = Buffer.from([0, 255, 13, 10, 128]);
    await client.set(Buffer.from([0xc3, 0x28]), bytes);
    expect(await client.getBuffer(Buffer.from([0xc3, 0x28]))).toEqual(bytes);
    expect(await client.set('s', 'v', 'GET')).toBe(null);
    client.disconnect();
  });

  it('runs a pipeline of 200 commands in order', async () => {
    const client = ioredis();
    const pipeline = client.pipeline();
    for (let index = 0; index < 100; index++) pipeline.rpush('list', String(index)).llen('list');
    const results = await pipeline.exec();
    expect(results!.filter((_, index) => index % 2 === 1).map(([, value]) => value)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    client.disconnect();
  });

  it('runs MULTI/EXEC, and WATCH aborts when another client writes the key', async () => {
    const [client, other] = [ioredis(), ioredis()];
    expect(await client.multi().set('t', '1').incr('t').hset('th', 'f', 'v').hgetall('th').exec()).toEqual([
      [null, 'OK'],
      [null, 2],
      [null, 1],
      [null, { f: 'v' }],
    ]);
    await client.watch('t');
    await other.set('t', 'changed');
    expect(await client.multi().set('t', 'mine').exec()).toBe(null);
    expect(await client.get('t')).toBe('changed');
    await client.watch('t');
    expect(await client.multi().set('t', 'mine').exec()).toEqual([[null, 'OK']]);
    client.disconnect();
    other.disconnect();
  });

  it('delivers pub/sub messages on channels and patterns', async () => {
    const [subscriber, publisher] = [ioredis(), ioredis()];
    const received: string[] = [];
    await subscriber.subscribe('news');
    await subscriber.psubscribe('n*');
    const both = new Promise<void>((resolve) => {
      subscriber.on('message', (channel, message) => received.push(`message ${channel} ${message}`));
      subscriber.on('pmessage', (pattern, channel, message) => {
        received.push(`pmessage ${pattern} ${channel} ${message}`);
        resolve();
      });
    });
    expect(await publisher.publish('news', 'hello')).toBe(2);
    await both;
    expect(received).toEqual(['message news hello', 'pmessage n* news hello']);
    subscriber.disconnect();
    publisher.disconnect();
  });

  it('serves BLPOP when another client pushes, propagated as LPOP', async () => {
    const [blocked, pusher] = [ioredis(), ioredis()];
    const records: unknown[] = [];
    const subscription = server.keyspace.replication$.subscribe((record) => records.push(record.argv.map((argument) => String(argument).toUpperCase())));
    const popped = blocked.blpop('queue', 0);
    await waitUntil(() => server.blocking.size === 1);
    await pusher.rpush('queue', 'job');
    expect(await popped).toEqual(['queue', 'job']);
    expect(records).toEqual([
      ['RPUSH', 'QUEUE', 'JOB'],
      ['LPOP', 'QUEUE'],
    ]);
    subscription.unsubscribe();
    blocked.disconnect();
    pusher.disconnect();
  });
});

describe('node-redis against the forkless server', () => {
  it.each([2, 3] as const)('RESP%i: hashes, sorted sets, sets, and the connect handshake', async (RESP) => {
    const client = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false }, RESP });
    await client.connect();
    await client.hSet(`h${RESP}`, { a: '1', b: '2' });
    expect(await client.hGetAll(`h${RESP}`)).toEqual({ a: '1', b: '2' });
    await client.zAdd(`z${RESP}`, [
      { score: 1.5, value: 'x' },
      { score: 2, value: 'y' },
    ]);
    expect(await client.zRangeWithScores(`z${RESP}`, 0, -1)).toEqual([
      { value: 'x', score: 1.5 },
      { value: 'y', score: 2 },
    ]);
    expect(await client.zScore(`z${RESP}`, 'x')).toBe(1.5);
    await client.sAdd(`s${RESP}`, ['m', 'n']);
    expect([...(await client.sMembers(`s${RESP}`))].sort()).toEqual(['m', 'n']);
    expect(await client.multi().incr(`c${RESP}`).incr(`c${RESP}`).exec()).toEqual([1, 2]);
    expect(await client.configGet('maxclients')).toEqual({ maxclients: '10000' });
    expect(await client.sendCommand(['CLIENT', 'INFO'])).toMatch(new RegExp(`resp=${RESP}`));
    await client.close();
  });

  it('RESP3: pub/sub messages arrive as pushes on the same connection', async () => {
    const subscriber = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false }, RESP: 3 });
    const publisher = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false }, RESP: 3 });
    await Promise.all([subscriber.connect(), publisher.connect()]);
    const message = new Promise<string>((resolve) => void subscriber.subscribe('resp3', (text) => resolve(text)));
    await waitUntil(() => server.pubsub.channels.has('resp3'));
    expect(await subscriber.get('still-usable')).toBe(null);
    await publisher.publish('resp3', 'pushed');
    expect(await message).toBe('pushed');
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});

/** Waits for a condition on the server's state (event-driven state, polled each turn; no wall-clock assertion). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
