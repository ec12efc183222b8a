import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createCluster as createNodeRedisCluster } from '@redis/client';
import { Cluster, Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { clusterServerExtension } from '../../lib/cluster/clusterServerExtension.js';
import { createCluster } from '../../lib/cluster/createCluster.js';
import { RespLink } from '../../lib/cluster/RespLink.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { Client } from '../../lib/server/Client.js';
import { peekKey } from '../../lib/server/peekKey.js';
import type { Server } from '../../lib/server/Server.js';
import { startServer } from '../../lib/server/startServer.js';
import { closedAfterEach } from '../server/support/serverFixtures.js';

const run = promisify(execFile);
const { servers, clients } = closedAfterEach();

async function startCluster(count: number): Promise<Server[]> {
  for (let index = 0; index < count; index++) {
    servers.push(await startServer({ port: 0, save: '', config: { 'cluster-enabled': 'yes' }, extension: clusterServerExtension }));
  }
  await createCluster(
    servers.map((server) => ({ host: '127.0.0.1', port: server.port })),
    RespLink.connector,
  );
  return servers;
}

const nodeOf = (server: Server): ClusterNode => (server.extension as unknown as { node: ClusterNode }).node;

function clusterClient(): Cluster {
  const client = new Cluster([{ host: '127.0.0.1', port: servers[0]!.port }], { maxRedirections: 64, retryDelayOnMoved: 10 });
  clients.push(client);
  return client;
}

/** Every key is on exactly one node, the owner of its slot; returns the number of keys seen. */
function expectEachKeyOnOwner(keys: readonly string[]): void {
  for (const key of keys) {
    const holders = servers.filter((server) => peekKey(server.keyspace, 0, key) !== undefined);
    expect(holders.length, key).toBe(1);
    const owner = nodeOf(holders[0]!).topology.ownerOf(keyHashSlot(key));
    expect(owner?.port, key).toBe(holders[0]!.port);
  }
}

describe('forkless server in cluster mode', () => {
  it("takes a migration's stage timeout from repl-timeout (Valkey's slot-migration timeout), read at startup", async () => {
    servers.push(await startServer({ port: 0, save: '', config: { 'cluster-enabled': 'yes', 'repl-timeout': '7' }, extension: clusterServerExtension }));
    expect(nodeOf(servers[0]!).options.stageTimeoutMs).toBe(7000);
  });

  it('refuses cluster-enabled yes without the cluster layer, reports cluster_enabled in INFO', async () => {
    await expect(startServer({ port: 0, save: '', config: { 'cluster-enabled': 'yes' } })).rejects.toMatchObject({ code: 'FORKLESS_ERR_INVALID_OPTION' });
    const [server] = await startCluster(1);
    const plain = new Redis({ port: server!.port, host: '127.0.0.1', lazyConnect: true });
    clients.push(plain);
    expect(await plain.info('cluster')).toContain('cluster_enabled:1');
    expect(await plain.call('ASKING')).toBe('OK');
    expect(await plain.call('READONLY')).toBe('OK');
    expect(await plain.call('READWRITE')).toBe('OK');
    expect(await plain.call('CLUSTER', 'MYID')).toBe(nodeOf(server!).id);
  });

  it('serves an ioredis Cluster client across slots, MULTI inside one slot, CROSSSLOT and MOVED', async () => {
    await startCluster(3);
    const client = clusterClient();
    const keys: string[] = [];
    for (let index = 0; index < 60; index++) {
      const key = `key:${index}`;
      keys.push(key, `hash:${index}`, `list:${index}`, `set:${index}`, `zset:${index}`);
      await client.set(key, String(index));
      await client.hset(`hash:${index}`, 'field', String(index));
      await client.lpush(`list:${index}`, 'a', 'b');
      await client.sadd(`set:${index}`, 'm');
      await client.zadd(`zset:${index}`, index, 'm');
    }
    for (let index = 0; index < 60; index++) {
      expect(await client.get(`key:${index}`)).toBe(String(index));
      expect(await client.hget(`hash:${index}`, 'field')).toBe(String(index));
      expect(await client.lrange(`list:${index}`, 0, -1)).toEqual(['b', 'a']);
      expect(await client.zscore(`zset:${index}`, 'm')).toBe(String(index));
    }
    expect(new Set(keys.map((key) => nodeOf(servers[0]!).topology.ownerOf(keyHashSlot(key))!.port)).size).toBe(3);
    expect(await client.multi().set('{user}:a', '1').incr('{user}:b').get('{user}:a').exec()).toEqual([
      [null, 'OK'],
      [null, 1],
      [null, '1'],
    ]);
    keys.push('{user}:a', '{user}:b');
    expectEachKeyOnOwner(keys);
    const direct = new Redis({ port: servers[0]!.port, host: '127.0.0.1', lazyConnect: true });
    clients.push(direct);
    await expect(direct.mset('a', '1', 'b', '2')).rejects.toThrow(/CROSSSLOT/);
    const foreign = keys.find((key) => nodeOf(servers[0]!).topology.ownerOf(keyHashSlot(key))!.port !== servers[0]!.port)!;
    await expect(direct.get(foreign)).rejects.toThrow(new RegExp(`MOVED ${keyHashSlot(foreign)} 127.0.0.1:\\d+`));
    // A MULTI queue touching another node's slot: the error flags the transaction, EXEC discards it.
    await direct.call('MULTI');
    await expect(direct.call('GET', foreign)).rejects.toThrow(/MOVED/);
    await expect(direct.call('EXEC')).rejects.toThrow(/EXECABORT/);
  });

  it('migrates a slot range while an ioredis Cluster client keeps writing: no error, every write present once', async () => {
    await startCluster(3);
    const limited = vi.spyOn(Client.prototype, 'limitInputShare');
    const client = clusterClient();
    const [source, target] = [nodeOf(servers[0]!), nodeOf(servers[1]!)];
    const acknowledged: string[] = [];
    let stopAt = Infinity;
    const writer = (async () => {
      for (let index = 0; index < stopAt; index++) {
        const key = `w:${index}`;
        await client.set(key, String(index));
        acknowledged.push(key);
      }
    })();
    while (acknowledged.length < 100) await new Promise((resolve) => setTimeout(resolve, 5));
    const admin = new Redis({ port: servers[0]!.port, host: '127.0.0.1', lazyConnect: true });
    clients.push(admin);
    expect(await admin.call('CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', '0', '5460', 'NODE', target.id)).toBe('OK');
    const job = source.jobs.at(-1)!;
    await lastValueFrom(job.progress$, { defaultValue: null });
    expect(job.state).toBe('success');
    // The target applied the link's stream within its import share; no other connection was limited.
    expect(limited.mock.calls.length).toBeGreaterThan(0);
    expect(new Set(limited.mock.calls.map(([share]) => share))).toEqual(new Set([0.5])); // cluster-migration-import-percent 50
    expect(new Set(limited.mock.contexts.map((client) => (client as Client).id)).size).toBe(1);
    limited.mockRestore();
    // The client keeps writing past the migration: its refreshed routing sends slots 0-5460 to the target.
    stopAt = acknowledged.length + 100;
    await writer;
    expect(source.topology.ownerOf(0)?.id).toBe(target.id);
    for (const key of acknowledged) expect(await client.get(key), key).toBe(key.slice(2));
    expectEachKeyOnOwner(acknowledged);
    expect(acknowledged.some((key) => keyHashSlot(key) <= 5460)).toBe(true);
  });

  it('redis-cli -c follows MOVED for SET and GET', async () => {
    await startCluster(3);
    const port = String(servers[0]!.port);
    const key = ['a', 'b', 'c', 'd', 'e', 'f'].find((name) => nodeOf(servers[0]!).topology.ownerOf(keyHashSlot(name))!.port !== servers[0]!.port)!;
    expect((await run('redis-cli', ['-c', '-p', port, 'SET', key, 'value'])).stdout.trim()).toBe('OK');
    expect((await run('redis-cli', ['-c', '-p', port, 'GET', key])).stdout.trim()).toBe('value');
    expect((await run('redis-cli', ['-p', port, 'GET', key])).stdout).toMatch(/MOVED/);
    const { stdout: check } = await run('redis-cli', ['--cluster', 'check', `127.0.0.1:${port}`]);
    expect(check).toContain('[OK] All nodes agree about slots configuration.');
    expect(check).toContain('[OK] All 16384 slots covered.');
    expect(check).toContain('[OK] 1 keys in 3 masters.');
  });

  it('serves a node-redis cluster client (createCluster of @redis/client) across a live migration', async () => {
    await startCluster(3);
    const client = createNodeRedisCluster({ rootNodes: [{ url: `redis://127.0.0.1:${servers[0]!.port}` }] });
    await client.connect();
    clients.push({ disconnect: () => void client.disconnect() });
    const acknowledged: string[] = [];
    let stopAt = Infinity;
    const writer = (async () => {
      for (let index = 0; index < stopAt; index++) {
        await client.set(`n:${index}`, String(index));
        acknowledged.push(`n:${index}`);
      }
    })();
    while (acknowledged.length < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    const [source, target] = [nodeOf(servers[0]!), nodeOf(servers[1]!)];
    const admin = new Redis({ port: servers[0]!.port, host: '127.0.0.1', lazyConnect: true });
    clients.push(admin);
    expect(await admin.call('CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', '0', '5460', 'NODE', target.id)).toBe('OK');
    await lastValueFrom(source.jobs.at(-1)!.progress$, { defaultValue: null });
    const writtenBeforeTheMove = acknowledged.length;
    stopAt = writtenBeforeTheMove + 100;
    await writer;
    expect(source.topology.ownerOf(0)?.id).toBe(target.id);
    // Written after the move to the moved slots: the client followed the source's MOVED by itself.
    expect(acknowledged.slice(writtenBeforeTheMove).filter((key) => keyHashSlot(key) <= 5460).length).toBeGreaterThan(10);
    for (const key of acknowledged) expect(await client.get(key), key).toBe(key.slice(2));
    expectEachKeyOnOwner(acknowledged);
    expect(await client.multi().set('{n}a', '1').incr('{n}a').exec()).toEqual(['OK', 2]);
  });
});
