import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from '../../lib/server/Server.js';
import { startServer } from '../../lib/server/startServer.js';
import { seed } from '../replication/support/writeLoad.js';
import { waitFor } from '../replication/support/waitFor.js';
import { convergence, keyspaceState, redisState } from '../replication/redis/support/convergence.js';
import { startRedisLoad } from '../replication/redis/support/redisLoad.js';
import { startRedisProcess, type RedisProcess } from '../replication/redis/support/redisProcess.js';
import { RespClient, RespError, type RespReply } from '../support/RespClient.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startServer>[0] = {}): Promise<Server> {
  const started = await startServer({ port: 0, save: '', ...options });
  cleanups.push(() => started.close());
  return started;
}

async function redis(extra: string[] = []): Promise<RedisProcess> {
  const started = await startRedisProcess(extra);
  cleanups.push(() => started.stop());
  return started;
}

async function call(port: number, argv: string[]): Promise<unknown> {
  const client = await RespClient.connect(port);
  try {
    return await client.call(argv);
  } finally {
    client.close();
  }
}

/** Runs the mixed write load of the replication tests against a RESP port for `ms`. */
async function writeFor(port: number, seedValue: number, ms: number): Promise<void> {
  const stop = await startRedisLoad(port, seedValue, 1e9);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await stop();
}

/** redis-server 7.0's answer to WAIT on a replica (the first test checks it against a real one). */
const WAIT_ON_REPLICA =
  'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.';

describe('Redis replication through the RESP server', () => {
  it('a real redis-server --replicaof follows a forkless server and converges after more writes', async () => {
    const leader = await server();
    seed(leader.keyspace, 300);
    await writeFor(leader.port, 5, 200);
    const replica = await redis(['--replicaof', '127.0.0.1', String(leader.port)]);
    await waitFor(() => leader.replication.leader.replicas().some((info) => info.state === 'online'), 'replica online', 60_000);
    await writeFor(leader.port, 6, 300);
    const differences = await convergence(
      { offset: () => leader.replication.leader.stream.offset, state: () => keyspaceState(leader.keyspace) },
      { offset: async () => Number(await replica.info('slave_repl_offset')), state: () => redisState(replica.port) },
    );
    expect(differences).toEqual([]);
    expect(leader.keyspace.dbsize(0)).toBeGreaterThan(0);
    const info = String(await call(leader.port, ['INFO', 'replication']));
    expect(info).toMatch(/^role:master\r$/m);
    expect(info).toMatch(/^connected_slaves:1\r$/m);
    expect(String(await call(leader.port, ['INFO', 'stats']))).toMatch(/^sync_full:1\r$/m);
    // ROLE on both sides, in the shapes redis-server gives (the replica's is redis's own).
    const offset = leader.replication.leader.stream.offset;
    // (A PING of the stream may come between the reads: offsets only grow.)
    const [leaderRole, replicaRole] = [(await call(leader.port, ['ROLE'])) as RespReply[], (await call(replica.port, ['ROLE'])) as RespReply[]];
    expect(leaderRole).toEqual(['master', expect.any(Number), [['127.0.0.1', String(replica.port), expect.stringMatching(/^\d+$/)]]]);
    expect(replicaRole).toEqual(['slave', '127.0.0.1', leader.port, 'connected', expect.any(Number)]);
    expect([leaderRole[1], replicaRole[4]].every((value) => (value as number) >= offset)).toBe(true);
    // WAIT on one connection: its write acknowledged by the one replica; asking for two times out with one.
    const writer = await RespClient.connect(leader.port);
    try {
      expect(await writer.call(['SET', 'waited', '1'])).toBe('OK');
      expect(await writer.call(['WAIT', '1', '10000'])).toBe(1);
      expect(await writer.call(['WAIT', '2', '100'])).toBe(1);
    } finally {
      writer.close();
    }
    expect(await call(replica.port, ['WAIT', '0', '0'])).toEqual(new RespError(WAIT_ON_REPLICA));
  }, 120_000);

  it('startServer({ replicaof }) follows a real Redis, is read-only until REPLICAOF NO ONE', async () => {
    const master = await redis();
    await writeFor(master.port, 3, 200);
    const follower = await server({ replicaof: { host: '127.0.0.1', port: master.port } });
    await waitFor(() => follower.replication.replica?.current.state === 'streaming', 'streaming', 60_000);
    await writeFor(master.port, 4, 300);
    const differences = await convergence(
      { offset: async () => Number(await master.info('master_repl_offset')), state: () => redisState(master.port) },
      { offset: () => follower.replication.replica!.offset, state: () => keyspaceState(follower.keyspace) },
    );
    expect(differences).toEqual([]);
    const info = String(await call(follower.port, ['INFO', 'replication']));
    expect(info).toMatch(/^role:slave\r$/m);
    expect(info).toMatch(/^master_link_status:up\r$/m);
    // ROLE on both sides: ours as a replica, redis's as our master (listing us with our offset).
    const offset = follower.replication.replica!.offset;
    const [followerRole, masterRole] = [(await call(follower.port, ['ROLE'])) as RespReply[], (await call(master.port, ['ROLE'])) as RespReply[]];
    expect(followerRole).toEqual(['slave', '127.0.0.1', master.port, 'connected', expect.any(Number)]);
    expect(masterRole).toEqual(['master', expect.any(Number), [['127.0.0.1', String(follower.port), expect.stringMatching(/^\d+$/)]]]);
    expect([followerRole[4], masterRole[1]].every((value) => (value as number) >= offset)).toBe(true);
    expect(await call(follower.port, ['SET', 'mine', '1'])).toEqual(new RespError("READONLY You can't write against a read only replica."));
    expect(await call(follower.port, ['WAIT', '0', '0'])).toEqual(new RespError(WAIT_ON_REPLICA));
    expect(await call(follower.port, ['CONFIG', 'GET', 'replicaof'])).toEqual(['replicaof', `127.0.0.1 ${master.port}`]);
    expect(await call(follower.port, ['REPLICAOF', 'NO', 'ONE'])).toBe('OK');
    expect(await call(follower.port, ['SET', 'mine', '1'])).toBe('OK');
    expect(String(await call(follower.port, ['INFO', 'replication']))).toMatch(/^role:master\r$/m);
  }, 120_000);

  it('REPLICAOF host port starts following at runtime; bad arguments get Redis replies', async () => {
    const master = await redis();
    await call(master.port, ['SET', 'from-master', 'v']);
    const follower = await server();
    expect(await call(follower.port, ['REPLICAOF', '127.0.0.1', 'x'])).toEqual(new RespError('ERR Invalid master port'));
    expect(await call(follower.port, ['REPLICAOF', '127.0.0.1', String(master.port)])).toBe('OK');
    expect(await call(follower.port, ['REPLICAOF', '127.0.0.1', String(master.port)])).toBe('OK Already connected to specified master');
    await waitFor(() => follower.keyspace.dbsize(0) === 1, 'the master key', 60_000);
    expect(await call(follower.port, ['GET', 'from-master'])).toBe('v');
    expect(await call(follower.port, ['SLAVEOF', 'no', 'one'])).toBe('OK');
    expect(await call(follower.port, ['ROLE'])).toEqual(['master', expect.any(Number), []]);
  }, 120_000);

  it('builds the leader and the replica link from the repl-* directives, masterauth and its own port', async () => {
    const master = await redis(['--requirepass', 'pw']);
    const follower = await server({
      replicaof: { host: '127.0.0.1', port: master.port },
      config: { 'repl-ping-replica-period': 2, 'repl-backlog-size': '2mb', 'repl-timeout': 5, masterauth: 'pw', 'client-output-buffer-limit': 'replica 1mb 512kb 10' },
    });
    expect(follower.replication.leader.options).toMatchObject({
      pingPeriodMs: 2000,
      backlogBytes: 2 * 1024 * 1024,
      timeoutMs: 5000,
      outputLimit: { hardBytes: 1024 * 1024, softBytes: 512 * 1024, softSeconds: 10 },
    });
    expect(follower.replication.replica!.options).toMatchObject({ password: 'pw', timeoutMs: 5000, listeningPort: follower.port });
    await waitFor(() => follower.replication.replica?.current.state === 'streaming', 'streaming with AUTH', 60_000);
    const client = await RespClient.connect(master.port);
    try {
      expect(await client.call(['AUTH', 'pw'])).toBe('OK');
      // The master lists its replica as online once it has read the replica's first ACK.
      const online = new RegExp(`^slave0:ip=127\\.0\\.0\\.1,port=${follower.port},state=online`, 'm');
      let info = '';
      const poll = setInterval(() => void client.call(['INFO', 'replication']).then((reply) => (info = String(reply))), 100);
      await waitFor(() => online.test(info), 'the master lists the forkless replica online', 60_000).finally(() => clearInterval(poll));
    } finally {
      client.close();
    }
  }, 120_000);
});
