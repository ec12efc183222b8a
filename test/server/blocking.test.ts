import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Server } from '../../lib/server/Server.js';
import { RespClient, RespError } from '../support/RespClient.js';
import { startTestServer } from './support/serverFixtures.js';
import { VirtualScheduler } from './support/VirtualScheduler.js';

let scheduler: VirtualScheduler;
let keyspace: Keyspace;
let server: Server;
let clients: RespClient[];
let records: string[];

beforeEach(async () => {
  scheduler = new VirtualScheduler();
  keyspace = new Keyspace({ clock: () => scheduler.now() });
  server = await startTestServer({ keyspace, scheduler });
  clients = [];
  records = [];
  keyspace.replication$.subscribe((record) => records.push(record.argv.join(' ')));
});

afterEach(async () => {
  for (const client of clients) client.close();
  await server.close();
});

async function connect(): Promise<RespClient> {
  const client = await RespClient.connect(server.port);
  clients.push(client);
  return client;
}

/** Waits (event-driven, no wall clock) until `count` clients are blocked. */
async function blockedClients(count: number): Promise<void> {
  while (server.blocking.size !== count) await new Promise((resolve) => setImmediate(resolve));
}

describe('blocking commands', () => {
  it('serves clients blocked on one key first come, first served, one element each', async () => {
    const [a, b, c, pusher] = [await connect(), await connect(), await connect(), await connect()];
    const first = a.call(['BLPOP', 'q', '0']);
    await blockedClients(1);
    const second = b.call(['BLPOP', 'q', '0']);
    await blockedClients(2);
    const third = c.call(['BLPOP', 'q', '0']);
    await blockedClients(3);
    expect(await pusher.call(['LPUSH', 'q', 'x', 'y'])).toBe(2);
    expect(await first).toEqual(['q', 'y']);
    expect(await second).toEqual(['q', 'x']);
    expect(server.blocking.size).toBe(1);
    expect(records).toEqual(['LPUSH q x y', 'LPOP q', 'LPOP q']);
    await pusher.call(['RPUSH', 'q', 'z']);
    expect(await third).toEqual(['q', 'z']);
  });

  it('wakes on the first key that becomes ready among several', async () => {
    const [waiter, pusher] = [await connect(), await connect()];
    const popped = waiter.call(['BRPOP', 'k1', 'k2', '0']);
    await blockedClients(1);
    await pusher.call(['RPUSH', 'k2', 'v']);
    expect(await popped).toEqual(['k2', 'v']);
  });

  it('serves a waiter before the pushing client’s next pipelined command, as Redis does', async () => {
    const [waiter, pusher] = [await connect(), await connect()];
    const popped = waiter.call(['BLPOP', 'q', '0']);
    await blockedClients(1);
    const [pushed, stolen] = await Promise.all([pusher.call(['RPUSH', 'q', 'x']), pusher.call(['LPOP', 'q'])]);
    expect([pushed, stolen, await popped]).toEqual([1, null, ['q', 'x']]);
  });

  it('serves after EXEC, and BLMOVE chains wake the next waiter in the same round (propagated as LMOVE)', async () => {
    const [mover, popper, writer] = [await connect(), await connect(), await connect()];
    const moved = mover.call(['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0']);
    await blockedClients(1);
    const popped = popper.call(['BLPOP', 'b', '0']);
    await blockedClients(2);
    await writer.call(['MULTI']);
    await writer.call(['RPUSH', 'a', 'job']);
    expect(await writer.call(['EXEC'])).toEqual([1]);
    expect([await moved, await popped]).toEqual(['job', ['b', 'job']]);
    expect(records).toEqual(['RPUSH a job', 'LMOVE a b LEFT RIGHT', 'LPOP b']);
  });

  it('times out on the injected scheduler with a null array', async () => {
    const waiter = await connect();
    const popped = waiter.call(['BLPOP', 'q', '1.5']);
    await blockedClients(1);
    scheduler.advance(1499);
    expect(server.blocking.size).toBe(1);
    scheduler.advance(1);
    expect(await popped).toBe(null);
    expect(server.blocking.size).toBe(0);
  });

  it('stays blocked when the key gets the wrong type, and is served when it becomes a list', async () => {
    const [waiter, writer] = [await connect(), await connect()];
    const popped = waiter.call(['BLPOP', 'q', '0']);
    await blockedClients(1);
    await writer.call(['SET', 'q', 'string']);
    expect(server.blocking.size).toBe(1);
    await writer.call(['DEL', 'q']);
    await writer.call(['RPUSH', 'q', 'v']);
    expect(await popped).toEqual(['q', 'v']);
  });

  it('CLIENT UNBLOCK ends a block with a timeout or an error reply', async () => {
    const [waiter, admin] = [await connect(), await connect()];
    const id = await waiter.call(['CLIENT', 'ID']);
    const first = waiter.call(['BLPOP', 'q', '0']);
    await blockedClients(1);
    expect(await admin.call(['CLIENT', 'UNBLOCK', String(id), 'TIMEOUT'])).toBe(1);
    expect(await first).toBe(null);
    const second = waiter.call(['BZPOPMIN', 'z', '0']);
    await blockedClients(1);
    expect(await admin.call(['CLIENT', 'UNBLOCK', String(id), 'ERROR'])).toBe(1);
    expect(await second).toEqual(new RespError('UNBLOCKED client unblocked via CLIENT UNBLOCK'));
    expect(await admin.call(['CLIENT', 'UNBLOCK', String(id)])).toBe(0);
    expect(await admin.call(['CLIENT', 'UNBLOCK', String(id), 'MAYBE'])).toEqual(new RespError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'));
  });

  it('holds the blocked client’s later requests until it is served', async () => {
    const [waiter, pusher] = [await connect(), await connect()];
    const popped = waiter.call(['BLPOP', 'q', '0']);
    const after = waiter.call(['ECHO', 'after']);
    await blockedClients(1);
    await pusher.call(['RPUSH', 'q', 'v']);
    expect([await popped, await after]).toEqual([['q', 'v'], 'after']);
  });

  it('forgets a blocked client that disconnects, and counts blocked clients in INFO', async () => {
    const [waiter, other] = [await connect(), await connect()];
    void waiter.call(['BLPOP', 'q', '0']).catch(() => undefined);
    await blockedClients(1);
    expect(await other.call(['INFO', 'clients'])).toMatch(/blocked_clients:1\r\n/);
    waiter.close();
    await blockedClients(0);
    await other.call(['RPUSH', 'q', 'v']);
    expect(await other.call(['LLEN', 'q'])).toBe(1);
  });

  it('serves waiters when the embedding application writes through the keyspace directly', async () => {
    const waiter = await connect();
    const popped = waiter.call(['BZPOPMAX', 'z', '0']);
    await blockedClients(1);
    keyspace.execute(['ZADD', 'z', '1', 'a', '2', 'b']);
    expect(await popped).toEqual(['z', 'b', '2']);
    expect(records).toEqual(['ZADD z 1 a 2 b', 'ZPOPMAX z']);
  });
});
