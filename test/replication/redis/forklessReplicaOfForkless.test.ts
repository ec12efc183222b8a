import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { startRedisReplica } from '../../../lib/replication/redis/RedisReplica.js';
import { seed } from '../support/writeLoad.js';
import { TcpProxy } from '../support/TcpProxy.js';
import { waitFor } from '../support/waitFor.js';
import { convergence, keyspaceState } from './support/convergence.js';
import { listenLeader } from './support/leaderHarness.js';
import { startMixedLoad } from './support/mixedLoad.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a forkless replica of a forkless leader over the Redis replication protocol', () => {
  it('full sync under a mixed load, +CONTINUE after a cut, identical keyspaces (digest) and offsets', async () => {
    const leaderKeyspace = new Keyspace({ activeExpiry: true });
    cleanups.push(() => leaderKeyspace.close());
    seed(leaderKeyspace, 3000);
    // A backlog that outlasts the replica's 1 s reconnect delay under the load.
    const leader = await listenLeader(leaderKeyspace, { backlogBytes: 64 * 1024 * 1024 });
    cleanups.push(() => leader.close());
    const proxy = await TcpProxy.start(leader.port);
    cleanups.push(() => proxy.close());
    const replicaLog: string[] = [];
    const replica = startRedisReplica({ host: '127.0.0.1', port: proxy.port, log: (line) => replicaLog.push(line) });
    replica.state$.subscribe((state) => replicaLog.push(JSON.stringify(state).slice(0, 160)));
    cleanups.push(() => replica.close());
    const stop = startMixedLoad(leaderKeyspace, 31, 20);
    cleanups.push(stop);
    await waitFor(() => replica.current.state === 'streaming', 'first sync', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${leader.log.join('\n')}\n${replicaLog.join('\n')}`, { cause: error });
    });
    proxy.cut();
    await waitFor(() => leader.leader.counters.syncPartialOk === 1 && replica.current.state === 'streaming', 'partial resync', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${leader.log.join('\n')}\n${replicaLog.join('\n')}`, { cause: error });
    });
    stop();
    const differences = await convergence(
      { offset: () => leader.leader.stream.offset, state: () => keyspaceState(leaderKeyspace) },
      { offset: () => replica.offset, state: () => keyspaceState(replica.keyspace) },
    );
    expect(differences).toEqual([]);
    expect(replica.keyspace.digest()).toBe(leaderKeyspace.digest());
    expect(replica.replicationId).toBe(leader.leader.stream.replicationId);
    expect(leader.leader.replicas()[0]?.state).toBe('online');
  }, 120_000);
});
