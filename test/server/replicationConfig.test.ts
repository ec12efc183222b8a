import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../lib/server/startServer.js';
import { convergence, keyspaceState, redisState } from '../replication/redis/support/convergence.js';
import { startRedisProcess } from '../replication/redis/support/redisProcess.js';
import { TcpProxy } from '../replication/support/TcpProxy.js';
import { waitFor } from '../replication/support/waitFor.js';
import { RespClient } from '../support/RespClient.js';
import { exchange, serversSideBySide } from './support/serverFixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** CONFIG SET/GET of every replication directive, good and bad values; each script restores the defaults. */
const SCRIPTS: [string, string[]][] = [
  [
    'replicaof / slaveof are immutable',
    ['CONFIG GET replicaof', 'CONFIG GET slaveof', 'CONFIG SET replicaof "127.0.0.1 1"', 'CONFIG SET slaveof "127.0.0.1 1"', 'CONFIG SET replicaof ""', 'CONFIG GET replicaof'],
  ],
  ['masterauth', ['CONFIG GET masterauth', 'CONFIG SET masterauth secret', 'CONFIG GET masterauth', 'CONFIG SET masterauth ""', 'CONFIG GET masterauth']],
  [
    'repl-backlog-size',
    [
      'CONFIG GET repl-backlog-size',
      'CONFIG SET repl-backlog-size 1',
      'CONFIG GET repl-backlog-size',
      'CONFIG SET repl-backlog-size 0',
      'CONFIG SET repl-backlog-size abc',
      'CONFIG SET repl-backlog-size -5',
      'CONFIG SET repl-backlog-size 1.5mb',
      'CONFIG SET repl-backlog-size 9223372036854775808',
      'CONFIG SET repl-backlog-size 9223372036854775807',
      'CONFIG GET repl-backlog-size',
      'CONFIG SET repl-backlog-size 2MB',
      'CONFIG GET repl-backlog-size',
      'CONFIG SET repl-backlog-size 1mb',
    ],
  ],
  [
    'repl-backlog-ttl',
    [
      'CONFIG GET repl-backlog-ttl',
      'CONFIG SET repl-backlog-ttl 0',
      'CONFIG GET repl-backlog-ttl',
      'CONFIG SET repl-backlog-ttl -1',
      'CONFIG SET repl-backlog-ttl 1k',
      'CONFIG SET repl-backlog-ttl x',
      'CONFIG SET repl-backlog-ttl 9223372036854775808',
      'CONFIG SET repl-backlog-ttl 9223372036854775807',
      'CONFIG GET repl-backlog-ttl',
      'CONFIG SET repl-backlog-ttl 3600',
    ],
  ],
  [
    'repl-ping-replica-period (alias repl-ping-slave-period)',
    [
      'CONFIG GET repl-ping-replica-period',
      'CONFIG SET repl-ping-replica-period 0',
      'CONFIG SET repl-ping-replica-period 2147483648',
      'CONFIG SET repl-ping-replica-period 1.5',
      'CONFIG SET repl-ping-slave-period 5',
      'CONFIG GET repl-ping-slave-period',
      'CONFIG GET repl-ping-replica-period',
      'CONFIG SET repl-ping-replica-period 2147483647',
      'CONFIG GET repl-ping-replica-period',
      'CONFIG SET repl-ping-replica-period 10',
    ],
  ],
  [
    'repl-timeout',
    [
      'CONFIG GET repl-timeout',
      'CONFIG SET repl-timeout 0',
      'CONFIG SET repl-timeout +5',
      'CONFIG SET repl-timeout 05',
      'CONFIG SET repl-timeout -0',
      'CONFIG SET repl-timeout 2147483648',
      'CONFIG SET repl-timeout 2147483647',
      'CONFIG GET repl-timeout',
      'CONFIG SET repl-timeout 30 repl-backlog-size 0',
      'CONFIG GET repl-timeout',
      'CONFIG SET repl-timeout 60',
    ],
  ],
  [
    'client-output-buffer-limit: the replica class, Redis canonical text, bad values',
    [
      'CONFIG GET client-output-buffer-limit',
      'CONFIG SET client-output-buffer-limit "replica 1mb 512kb 10"',
      'CONFIG GET client-output-buffer-limit',
      'CONFIG SET client-output-buffer-limit "SLAVE 0 0 0 pubsub 1gb 1 2"',
      'CONFIG GET client-output-buffer-limit',
      'CONFIG SET client-output-buffer-limit ""',
      'CONFIG GET client-output-buffer-limit',
      'CONFIG SET client-output-buffer-limit "replica 1mb"',
      'CONFIG SET client-output-buffer-limit "master 1 1 1"',
      'CONFIG SET client-output-buffer-limit "replica x 1 1"',
      'CONFIG SET client-output-buffer-limit "replica 1 1 -1"',
      'CONFIG SET client-output-buffer-limit "replica 1 1 1 weird 1 1 1"',
      'CONFIG SET client-output-buffer-limit "weird x 1 1"',
      'CONFIG SET client-output-buffer-limit "replica 1 1 1 normal y 0 0"',
      'CONFIG GET client-output-buffer-limit',
      'CONFIG SET client-output-buffer-limit "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60"',
      'CONFIG GET client-output-buffer-limit',
    ],
  ],
];

describe('CONFIG SET/GET of the replication directives: byte-identical replies to redis-server 7.0', () => {
  const pair = serversSideBySide();

  it.each(SCRIPTS)('%s', async (_, commands) => {
    const marker = 'end-of-script';
    const input = `${commands.join('\r\n')}\r\nECHO ${marker}\r\n`;
    const until = `${marker}\r\n`;
    const expected = await exchange(pair.redis.port, input, until);
    const actual = await exchange(pair.server.port, input, until);
    expect(actual.reply).toBe(expected.reply);
  });
});

/** A RESP connection closed after the test. */
async function connectTo(port: number): Promise<RespClient> {
  const client = await RespClient.connect(port);
  cleanups.push(() => client.close());
  return client;
}

const infoField = (info: unknown, field: string) => new RegExp(`^${field}:(.*)\r?$`, 'm').exec(String(info))?.[1];

describe('CONFIG SET of the replication directives takes effect at run time', () => {
  it('on the leader and its live replicas: backlog resized (newest bytes kept), settings applied, a lowered output limit drops a stalled replica', async () => {
    const leader = await startServer({ port: 0, save: '' });
    cleanups.push(() => leader.close());
    const proxy = await TcpProxy.start(leader.port);
    cleanups.push(() => proxy.close());
    const replica = await startRedisProcess(['--replicaof', '127.0.0.1', String(proxy.port)]);
    cleanups.push(() => replica.stop());
    const client = await connectTo(leader.port);
    await waitFor(() => leader.replication.leader.replicas().some(({ state }) => state === 'online'), 'replica online', 60_000);
    for (let index = 0; index < 100; index++) await client.call(['SET', `key${index}`, 'v'.repeat(1000)]);
    expect(await client.call(['CONFIG', 'SET', 'repl-backlog-size', '16kb'])).toBe('OK');
    const info = await client.call(['INFO', 'replication']);
    const offset = Number(infoField(info, 'master_repl_offset'));
    expect(offset).toBeGreaterThan(100_000);
    expect([infoField(info, 'repl_backlog_size'), infoField(info, 'repl_backlog_histlen'), infoField(info, 'repl_backlog_first_byte_offset')]).toEqual([
      '16384',
      '16384',
      String(offset - 16384 + 1),
    ]);
    const settings = ['repl-ping-replica-period', '3', 'repl-timeout', '9', 'repl-backlog-ttl', '0', 'client-output-buffer-limit', 'replica 256kb 0 0'];
    expect(await client.call(['CONFIG', 'SET', ...settings])).toBe('OK');
    expect(leader.replication.leader.options).toMatchObject({
      pingPeriodMs: 3000,
      timeoutMs: 9000,
      backlogTtlMs: 0,
      outputLimit: { hardBytes: 256 * 1024, softBytes: 0, softSeconds: 0 },
    });
    const sides = [
      { offset: () => leader.replication.leader.stream.offset, state: () => keyspaceState(leader.keyspace) },
      { offset: async () => Number(await replica.info('slave_repl_offset')), state: () => redisState(replica.port) },
    ] as const;
    expect(await convergence(...sides)).toEqual([]);
    // The replica stops reading: past the lowered limit (the default is 256mb) it is dropped.
    proxy.stall();
    for (let index = 0; leader.replication.leader.replicas().length > 0 && index < 2000; index++) await client.call(['SET', `big${index % 10}`, 'x'.repeat(64 * 1024)]);
    expect(leader.replication.leader.replicas()).toEqual([]);
    proxy.resume();
    await waitFor(() => leader.replication.leader.replicas().some(({ state }) => state === 'online'), 'replica online again', 60_000);
    expect(await convergence(...sides)).toEqual([]);
  }, 180_000);

  it('on the master link: masterauth is used from the next connection, repl-timeout at once', async () => {
    const master = await startRedisProcess(['--requirepass', 'pw']);
    cleanups.push(() => master.stop());
    const follower = await startServer({ port: 0, save: '', replicaof: { host: '127.0.0.1', port: master.port }, config: { masterauth: 'wrong' } });
    cleanups.push(() => follower.close());
    await waitFor(() => {
      const state = follower.replication.replica?.current;
      return state?.state === 'backoff' && state.error.code === 'FORKLESS_ERR_UNAUTHORIZED';
    }, 'AUTH refused');
    const client = await connectTo(follower.port);
    expect(await client.call(['CONFIG', 'SET', 'masterauth', 'pw', 'repl-timeout', '7'])).toBe('OK');
    expect(follower.replication.replica!.options).toMatchObject({ password: 'pw', timeoutMs: 7000 });
    await waitFor(() => follower.replication.replica?.current.state === 'streaming', 'streaming with the new password', 60_000);
    expect(await client.call(['CONFIG', 'SET', 'masterauth', ''])).toBe('OK');
    expect(follower.replication.replica!.options.password).toBeUndefined();
    expect(follower.replication.replica!.current.state).toBe('streaming');
  }, 120_000);
});
