import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterCommand, type ClusterConnection } from '../../lib/cluster/clusterCommand.js';
import { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';
import { RespClient, RespError, type RespReply } from '../support/RespClient.js';
import { freePort } from '../support/redisServer.js';

/** Runs the same CLUSTER commands against `redis-server --cluster-enabled yes` 7.0 and a node. */
describe('CLUSTER replies differential against redis-server 7.0 (single node)', () => {
  let stop: () => void;
  let redis: RespClient;
  let id: string;
  let port: number;
  const directory = mkdtempSync(join(tmpdir(), 'forkless-cluster-'));

  beforeAll(async () => {
    port = await freePort();
    const child = spawn(
      '/usr/bin/redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(directory, 'nodes.conf'),
        '--dir',
        directory,
      ],
      { stdio: 'ignore' },
    );
    stop = () => child.kill('SIGKILL');
    for (let attempt = 0; ; attempt++) {
      try {
        redis = await RespClient.connect(port);
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    id = (await redis.call(['CLUSTER', 'MYID'])) as string;
  });
  afterAll(() => {
    redis?.close();
    stop?.();
    rmSync(directory, { recursive: true, force: true });
  });

  it('gives the same replies and errors for slot declarations and lookups', async () => {
    const node = new ClusterNode({ keyspace: new Keyspace(), host: '', port, id, connect: () => Promise.reject(new Error('none')) });
    const connection: ClusterConnection = { db: 0, link: null, readonly: false };
    const ours = (args: string[]): RespReply => {
      try {
        return normalize(clusterCommand(node, args, connection).reply);
      } catch (error) {
        if (error instanceof ReplyError) return new RespError(error.message);
        throw error;
      }
    };
    const script = [
      ['ADDSLOTSRANGE', '0', '100'],
      ['ADDSLOTS', '200'],
      ['ADDSLOTS', '5'],
      ['ADDSLOTS', '16384'],
      ['ADDSLOTS', 'x'],
      ['ADDSLOTS', '300', '300'],
      ['ADDSLOTSRANGE', '5', '3'],
      ['ADDSLOTSRANGE', '1'],
      ['DELSLOTS', '7000'],
      ['DELSLOTS', '100'],
      ['DELSLOTSRANGE', '90', '95'],
      ['KEYSLOT', 'foo{}{bar}'],
      ['KEYSLOT', '{user1000}.following'],
      ['KEYSLOT'],
      ['COUNTKEYSINSLOT', '0'],
      ['COUNTKEYSINSLOT', '16384'],
      ['COUNTKEYSINSLOT', '-1'],
      ['GETKEYSINSLOT', '0', '10'],
      ['GETKEYSINSLOT', '0', '-1'],
      ['GETKEYSINSLOT', '16384', '1'],
      ['MYID'],
      ['SLOTS'],
      ['FOO'],
      ['REPLICAS', id],
      ['REPLICAS', 'f'.repeat(40)],
      ['SLAVES', id],
      ['COUNT-FAILURE-REPORTS', id],
      ['COUNT-FAILURE-REPORTS', 'nosuchnode'],
      ['LINKS'],
    ];
    for (const args of script) expect(ours(args), args.join(' ')).toEqual(normalize((await redis.call(['CLUSTER', ...args])) as RespReply));
    // INFO: message counters are about the gossip bus, which a forkless node does not have.
    const nodes = (await redis.call(['CLUSTER', 'NODES'])) as string;
    expect(ours(['NODES'])).toEqual(nodes);
    const info = ((await redis.call(['CLUSTER', 'INFO'])) as string).split('\r\n').filter((line) => !line.startsWith('cluster_stats_messages'));
    expect((ours(['INFO']) as string).split('\r\n').filter((line) => !line.startsWith('cluster_stats_messages'))).toEqual(info);
    // FLUSHSLOTS on an empty database drops every slot this node owns.
    for (const args of [['FLUSHSLOTS'], ['SLOTS'], ['COUNTKEYSINSLOT', '0']]) {
      expect(ours(args), args.join(' ')).toEqual(normalize((await redis.call(['CLUSTER', ...args])) as RespReply));
    }
  });
});

/** Our replies as RESP would carry them to a RESP2 client (errors stay errors). */
function normalize(reply: unknown): RespReply {
  if (reply instanceof RespError || reply instanceof ReplyError) return new RespError((reply as { message: string }).message);
  if (Array.isArray(reply)) return reply.map(normalize);
  return reply as RespReply;
}
