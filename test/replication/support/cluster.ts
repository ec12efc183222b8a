import { afterEach } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { seededRandom } from '../../../lib/seededRandom.js';
import { startFollower, type Follower, type FollowerOptions } from '../../../lib/replication/Follower.js';
import { startLeader, type Leader, type LeaderOptions } from '../../../lib/replication/Leader.js';
import { fixedClock } from './writeLoad.js';
import { TcpProxy } from './TcpProxy.js';

/**
 * Starts leaders, followers and proxies on 127.0.0.1:0 with test-friendly timings (fast seeded
 * backoff, fixed shared clock) and stops them all after each test.
 */
export function useCluster() {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    keyspace: () => new Keyspace({ clock: fixedClock }),
    async leader(options: Partial<LeaderOptions> & { keyspace: Keyspace }): Promise<Leader> {
      const leader = await startLeader({ host: '127.0.0.1', port: 0, ...options });
      cleanups.push(() => leader.close());
      return leader;
    },
    follower(url: string, options: Partial<FollowerOptions> = {}): Follower {
      const follower = startFollower({
        url,
        keyspace: new Keyspace({ clock: fixedClock }),
        backoff: { initialDelayMs: 10, maxDelayMs: 200, random: seededRandom(1) },
        ...options,
      });
      cleanups.push(() => follower.close());
      return follower;
    },
    async proxy(targetPort: number): Promise<TcpProxy> {
      const proxy = await TcpProxy.start(targetPort);
      cleanups.push(() => proxy.close());
      return proxy;
    },
  };
}
