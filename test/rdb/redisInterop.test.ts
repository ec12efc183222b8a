import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { RdbDecoder } from '../../lib/rdb/RdbDecoder.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { RespClient } from '../support/RespClient.js';
import { checkRdb, exactDifferences, FIXTURE_DATABASES, keyspaceDump, populateKeyspace, populateRedis, redisDump, temporaryDirectory } from './support/rdbFixtures.js';

let directory: string;
let cleanup: () => Promise<void>;
let server: RedisServer | null = null;
let client: RespClient | null = null;

beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(async () => {
  client?.close();
  await server?.stop();
  client = null;
  server = null;
  await cleanup();
});

async function startRedis(...args: string[]): Promise<RespClient> {
  server = await startRedisServer(undefined, ['--dir', directory, ...args]);
  client = await RespClient.connect(server.port);
  return client;
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('RDB files between forkless and redis-server 7.0', () => {
  it('an RDB saved by forkless passes redis-check-rdb and loads into redis-server with every key equal (type, value, TTL)', async () => {
    const keyspace = new Keyspace();
    populateKeyspace(keyspace);
    const done = await lastValueFrom(saveSnapshot(keyspace, join(directory, 'forkless.rdb'), { format: 'rdb' }));
    expect(done.state).toBe('done');
    expect(await checkRdb(join(directory, 'forkless.rdb'))).toContain('0 already expired');
    const redis = await startRedis('--dbfilename', 'forkless.rdb');
    const differences = exactDifferences(await keyspaceDump(keyspace), await redisDump(redis));
    expect(differences).toEqual([]);
    await redis.call(['SELECT', '0']);
    expect(await redis.call(['DBSIZE'])).toBe(keyspace.dbsize(0));
  });

  it('an RDB written by redis-server (rdbcompression yes) loads into forkless with every key equal, every 7.0 encoding included', async () => {
    const redis = await startRedis('--dbfilename', 'redis.rdb', '--rdbcompression', 'yes');
    await populateRedis(redis);
    expect(await redis.call(['SAVE'])).toBe('OK');
    const bytes = await readFile(join(directory, 'redis.rdb'));
    const decoder = new RdbDecoder();
    const encodings = new Set([...decoder.push(bytes), ...decoder.end()].flatMap((part) => (part.kind === 'key' ? [part.encoding] : [])));
    // string, set (hashtable), hash (hashtable), zset_2 (skiplist), intset, hash and zset listpacks, quicklist 2
    expect([...encodings].sort((a, b) => a - b)).toEqual([0, 2, 4, 5, 11, 16, 17, 18]);
    const loaded = await loadSnapshot(join(directory, 'redis.rdb'));
    expect(exactDifferences(await redisDump(redis), await keyspaceDump(loaded))).toEqual([]);
  });

  it('a key DUMPed by redis-server RESTOREs in forkless, and the reverse, with the same value and TTL', async () => {
    const redis = await startRedis('--rdbcompression', 'yes');
    await populateRedis(redis);
    const source = new Keyspace();
    populateKeyspace(source);
    const intoForkless = new Keyspace();
    const lzfPayloads: string[] = [];
    for (const db of FIXTURE_DATABASES) {
      await redis.call(['SELECT', String(db)]);
      for (const key of (await redis.call(['KEYS', '*'])) as string[]) {
        const payload = (await redis.call(['DUMP', latin1(key)])) as string;
        if (payload.charCodeAt(1) === 0xc3) lzfPayloads.push(key);
        const expiry = (await redis.call(['PEXPIRETIME', latin1(key)])) as number;
        const ttl = expiry > 0 ? String(expiry) : '0';
        expect(intoForkless.execute(['RESTORE', latin1(key), ttl, latin1(payload), 'ABSTTL'], { db })).toBe('OK');
        const ours = source.execute(['DUMP', latin1(key)], { db, encoding: 'binary' }) as string;
        expect(await redis.call(['RESTORE', latin1(key), ttl, latin1(ours), 'ABSTTL', 'REPLACE'])).toBe('OK');
      }
    }
    expect(lzfPayloads).toContain('compressible');
    expect(exactDifferences(await keyspaceDump(source), await keyspaceDump(intoForkless))).toEqual([]);
    expect(exactDifferences(await keyspaceDump(source), await redisDump(redis))).toEqual([]);
  });
});
