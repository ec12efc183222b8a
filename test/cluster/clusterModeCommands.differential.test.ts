import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterServerExtension } from '../../lib/cluster/clusterServerExtension.js';
import type { Server } from '../../lib/server/Server.js';
import { RespClient } from '../support/RespClient.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { exchange, startTestServer } from '../server/support/serverFixtures.js';

/**
 * Commands a cluster node refuses (it has database 0 only, and SORT may not read keys by pattern),
 * and CLUSTER's own errors, sent as inline commands to a one-node `redis-server --cluster-enabled yes` 7.0 and to a
 * `forkless server` in cluster mode, each owning all 16384 slots: the reply bytes must be identical.
 * Keys carry the `{a}` tag, so every multi-key command stays in one slot.
 */
const SCRIPTS: [string, string[]][] = [
  [
    'SELECT: database 0 only, checked before the range',
    ['SELECT 0', 'SELECT 1', 'SELECT 16', 'SELECT -1', 'SELECT x', 'SET {a}k v', 'GET {a}k', 'MULTI', 'SELECT 1', 'GET {a}k', 'EXEC', 'GET {a}k'],
  ],
  [
    'MOVE and SWAPDB are refused before their arguments are read',
    ['SET {a}k v', 'MOVE {a}k 1', 'MOVE {a}k 0', 'MOVE {a}k x', 'SWAPDB 0 1', 'SWAPDB 0 0', 'SWAPDB x y', 'GET {a}k', 'DBSIZE'],
  ],
  [
    'COPY: same database only, checked after the options',
    [
      'SET {a}k v',
      'COPY {a}k {a}c DB 1',
      'COPY {a}k {a}c DB 0',
      'COPY {a}k {a}k DB 0',
      'COPY {a}k {a}c DB 16',
      'COPY {a}k {a}c DB x',
      'COPY {a}k {a}d BADOPT',
      'COPY {a}k {a}e REPLACE',
      'MGET {a}c {a}d {a}e',
    ],
  ],
  [
    'SORT and SORT_RO: BY pattern and GET refused in argument order; BY without * allowed',
    [
      'RPUSH {a}l 3 1 2',
      'SET {a}w_1 9',
      'SORT {a}l',
      'SORT {a}l BY {a}w_*',
      'SORT {a}l BY nosort',
      'SORT {a}l BY nosort GET #',
      'SORT {a}l GET # BY {a}w_*',
      'SORT {a}l BY {a}w_* GET #',
      'SORT {a}l BY {a}w_*->f',
      'SORT {a}l LIMIT x y BY {a}w_*',
      'SORT {a}l BY {a}w_* LIMIT x y',
      'SORT {a}l LIMIT 0 1 BY {a}w_* STORE {a}d',
      'SORT {a}l DESC STORE {a}d',
      'LRANGE {a}d 0 -1',
      'SORT_RO {a}l GET {a}x_*',
      'SORT_RO {a}l BY {a}',
      'SORT_RO {a}l ALPHA DESC',
    ],
  ],
  [
    'CLUSTER errors over the server, as Redis words them',
    [
      'CLUSTER ADDSLOTS x',
      'CLUSTER ADDSLOTS 16384',
      'CLUSTER ADDSLOTS 5',
      'CLUSTER ADDSLOTSRANGE 5 3',
      'CLUSTER COUNTKEYSINSLOT -1',
      'CLUSTER GETKEYSINSLOT 0 -1',
      'CLUSTER KEYSLOT',
      'CLUSTER FOO',
      'CLUSTER KEYSLOT foo{}{bar}',
      'MULTI',
      'CLUSTER COUNTKEYSINSLOT 16384',
      'EXEC',
    ],
  ],
];

/** Waits until the node reports `cluster_state:ok` (a real node takes a moment after ADDSLOTSRANGE). */
async function ownAllSlots(port: number): Promise<void> {
  const client = await RespClient.connect(port);
  try {
    await client.call(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    for (let attempt = 0; !String(await client.call(['CLUSTER', 'INFO'])).includes('cluster_state:ok'); attempt++) {
      if (attempt > 200) throw new Error(`port ${port}: cluster_state never became ok`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    client.close();
  }
}

describe('cluster mode: commands a node refuses, byte-identical to redis-server 7.0 --cluster-enabled yes', () => {
  const directory = mkdtempSync(join(tmpdir(), 'forkless-cluster-mode-'));
  let redis: RedisServer;
  let server: Server;

  beforeAll(async () => {
    redis = await startRedisServer('redis-server', ['--cluster-enabled', 'yes', '--cluster-config-file', join(directory, 'nodes.conf'), '--dir', directory]);
    server = await startTestServer({ config: { 'cluster-enabled': 'yes' }, extension: clusterServerExtension });
    await Promise.all([ownAllSlots(redis.port), ownAllSlots(server.port)]);
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it.each(SCRIPTS)('%s', async (_, commands) => {
    const marker = 'end-of-script';
    const input = `FLUSHALL\r\n${commands.join('\r\n')}\r\nECHO ${marker}\r\n`;
    const until = `${marker}\r\n`;
    const expected = await exchange(redis.port, input, until);
    expect((await exchange(server.port, input, until)).reply).toBe(expected.reply);
  });

  it('leaves cluster mode with the node: the same keyspace serves SELECT 1 again', async () => {
    const keyspace = server.keyspace;
    expect(keyspace.clusterMode).toBe(true);
    await server.close();
    expect(keyspace.clusterMode).toBe(false);
    expect(keyspace.session().execute(['SELECT', '1'])).toBe('OK');
  });
});
