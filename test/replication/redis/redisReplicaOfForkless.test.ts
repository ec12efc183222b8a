import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import type { RedisLeaderOptions } from '../../../lib/replication/redis/RedisLeaderOptions.js';
import { seededRandom } from '../../../lib/seededRandom.js';
import { seed } from '../support/writeLoad.js';
import { TcpProxy } from '../support/TcpProxy.js';
import { waitFor } from '../support/waitFor.js';
import { convergence, keyspaceState, redisState, type Side } from './support/convergence.js';
import { listenLeader, type ListeningLeader } from './support/leaderHarness.js';
import { startMixedLoad } from './support/mixedLoad.js';
import { startRedisProcess, type RedisProcess } from './support/redisProcess.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  keyspace: Keyspace;
  leader: ListeningLeader;
  replica: RedisProcess;
  proxy: TcpProxy;
}

/** A seeded forkless leader, a TCP proxy in front of it, and a real redis-server replica through the proxy. */
async function setup(keys: number, options: RedisLeaderOptions = {}): Promise<Setup> {
  const keyspace = new Keyspace({ activeExpiry: true });
  cleanups.push(() => keyspace.close());
  seed(keyspace, keys);
  const leader = await listenLeader(keyspace, options);
  cleanups.push(() => leader.close());
  const proxy = await TcpProxy.start(leader.port);
  cleanups.push(() => proxy.close());
  const replica = await startRedisProcess(['--replicaof', '127.0.0.1', String(proxy.port)]);
  cleanups.push(() => replica.stop());
  return { keyspace, leader, replica, proxy };
}

function sides({ keyspace, leader, replica }: Setup): [Side, Side] {
  return [
    { offset: () => leader.leader.stream.offset, state: () => keyspaceState(keyspace) },
    { offset: async () => Number(await replica.info('slave_repl_offset')), state: () => redisState(replica.port) },
  ];
}

/** Runs `body`; on failure, adds both sides' logs to the error. */
async function withLogs({ leader, replica }: Setup, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- leader log\n${leader.log.join('\n')}\n--- replica log\n${replica.log.slice(-40).join('\n')}`, { cause: error });
  }
}

/** Both sides agree the link is up: the leader streams to the replica, the replica loaded the RDB. */
async function online({ leader, replica }: Setup, label: string): Promise<void> {
  let linkUp = false;
  await waitFor(
    () => {
      void replica.info('master_link_status').then(
        (status) => (linkUp = status === 'up'),
        () => (linkUp = false),
      );
      return linkUp && leader.leader.replicas().some((info) => info.state === 'online');
    },
    label,
    60_000,
  );
}

describe('a real redis-server 7.0 replica of a forkless leader', () => {
  it('full sync under a write load of every type (MULTI, expiry, SWAPDB, FLUSHALL), then the live stream; INFO', async () => {
    const setupResult = await setup(3000);
    const { keyspace, leader, replica } = setupResult;
    const stop = startMixedLoad(keyspace, 11, 400);
    cleanups.push(stop);
    await online(setupResult, 'replica online');
    await waitFor(() => keyspace.dbsize(0) === 0 || leader.leader.stream.offset > 2_000_000, 'FLUSHALL and more writes', 60_000);
    stop();
    expect(await convergence(...sides(setupResult))).toEqual([]);
    expect(await replica.info('master_link_status')).toBe('up');
    expect(await replica.info('master_replid')).toBe(leader.leader.stream.replicationId);
    const info = new Map(leader.leader.infoFields().map(([field, value]) => [field, String(value)]));
    expect(info.get('role')).toBe('master');
    expect(info.get('connected_slaves')).toBe('1');
    expect(info.get('slave0')).toMatch(new RegExp(`^ip=127\\.0\\.0\\.1,port=${replica.port},state=online,offset=\\d+,lag=\\d+$`));
    expect(info.get('master_repl_offset')).toBe(String(leader.leader.stream.offset));
    expect(leader.leader.statsFields()).toEqual([
      ['sync_full', 1],
      ['sync_partial_ok', 0],
      ['sync_partial_err', 0],
    ]);
  }, 120_000);

  it('resumes with +CONTINUE after the link is cut, and after SHUTDOWN SAVE and a restart (its RDB has repl-id/offset); killed without its RDB, it full-syncs', async () => {
    const setupResult = await setup(2000);
    const { keyspace, leader, replica, proxy } = setupResult;
    const stop = startMixedLoad(keyspace, 12, 1e9);
    cleanups.push(stop);
    await online(setupResult, 'first sync');
    proxy.cut();
    await waitFor(() => leader.leader.counters.syncPartialOk === 1, 'partial resync after the cut', 60_000);
    await replica.call(['SHUTDOWN', 'SAVE']).catch(() => null);
    await replica.restart();
    await waitFor(() => leader.leader.counters.syncPartialOk === 2, 'partial resync after the restart', 60_000);
    await replica.kill();
    await replica.removeDump();
    await replica.restart();
    await waitFor(() => leader.leader.counters.syncFull === 2, 'full sync of the killed replica', 60_000);
    await online(setupResult, 'online again');
    stop();
    expect(await convergence(...sides(setupResult))).toEqual([]);
    expect(leader.log.filter((line) => line.startsWith('Partial resynchronization request'))).toHaveLength(2);
  }, 180_000);

  it('converges after links cut at random byte counts (seeded), in the RDB and in the stream', async () => {
    const seedValue = Number(process.env.FORKLESS_SEED ?? 20261206);
    const random = seededRandom(seedValue);
    const setupResult = await setup(3000);
    const { keyspace, proxy } = setupResult;
    const stop = startMixedLoad(keyspace, 13, 1e9);
    cleanups.push(stop);
    await withLogs(setupResult, async () => {
      for (let cut = 0; cut < 4; cut++) {
        const connections = proxy.connections;
        proxy.cutAfter(1 + Math.floor(random() * 400_000));
        await waitFor(() => proxy.connections > connections, `reconnection after cut ${cut}`, 60_000);
      }
      await online(setupResult, 'online after the cuts');
      stop();
      expect(await convergence(...sides(setupResult)), `seed ${seedValue}`).toEqual([]);
    });
  }, 240_000);

  it('drops a replica that stops reading once it holds more than the output buffer limit, with a log line; it resyncs later', async () => {
    const setupResult = await setup(500, { outputLimit: { hardBytes: 512 * 1024, softBytes: 0, softSeconds: 0 } });
    const { keyspace, leader, proxy } = setupResult;
    await online(setupResult, 'first sync');
    proxy.stall();
    const stop = startMixedLoad(keyspace, 14, 1e9);
    cleanups.push(stop);
    await waitFor(() => leader.log.some((line) => line.includes('overcoming of output buffer limits')), 'the drop', 60_000);
    expect(leader.leader.replicas()).toEqual([]);
    stop();
    proxy.resume();
    await online(setupResult, 'resync after the drop');
    expect(await convergence(...sides(setupResult))).toEqual([]);
  }, 180_000);
});
