import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { RespClient } from '../../support/RespClient.js';
import { seed } from '../support/writeLoad.js';
import { waitFor } from '../support/waitFor.js';
import { convergence, keyspaceState, redisState } from './support/convergence.js';
import { listenLeader } from './support/leaderHarness.js';
import { startRedisProcess } from './support/redisProcess.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Many times a replica's 16 KiB read: without MULTI, the replica runs the DEL before the SET has arrived. */
const value = (generation: number) => `${generation}:`.padEnd(100_000, 'v');

/**
 * Moves one value between keys `a` and `b` in transactions (DEL one, SET the other), one per
 * macrotask, until stopped; `moves()` counts them.
 */
function startMoving(keyspace: Keyspace): { stop: () => void; moves: () => number } {
  const session = keyspace.session();
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  const move = () => {
    const [from, to] = generation % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    session.execute(['MULTI']);
    session.execute(['DEL', from]);
    session.execute(['SET', to, value(++generation)]);
    session.execute(['EXEC']);
    timer = setTimeout(move, 1);
  };
  move();
  return { stop: () => clearTimeout(timer), moves: () => generation };
}

describe('a real redis-server 7.0 replica applies forkless transactions atomically', () => {
  it('a reader of the replica never sees the moved value in both keys or in neither; both sides converge', async () => {
    const keyspace = new Keyspace({ activeExpiry: false });
    cleanups.push(() => keyspace.close());
    seed(keyspace, 500);
    keyspace.execute(['SET', 'a', value(0)]);
    const leader = await listenLeader(keyspace);
    cleanups.push(() => leader.close());
    const mover = startMoving(keyspace);
    cleanups.push(mover.stop);
    const replica = await startRedisProcess(['--replicaof', '127.0.0.1', String(leader.port)]);
    cleanups.push(() => replica.stop());
    await waitFor(() => leader.leader.replicas().some((info) => info.state === 'online'), 'replica online', 60_000);
    let linkUp = false;
    while (!linkUp) linkUp = (await replica.info('master_link_status')) === 'up';
    const reader = await RespClient.connect(replica.port);
    cleanups.push(() => reader.close());
    const seen: string[] = [];
    const startMoves = mover.moves();
    let reads = 0;
    while (mover.moves() - startMoves < 1000 || reads < 1000) {
      const replies = await Promise.all([reader.call(['MULTI']), reader.call(['EXISTS', 'a', 'b']), reader.call(['EXISTS', 'a']), reader.call(['EXEC'])]);
      const [both, a] = replies[3] as number[];
      reads++;
      if (both !== 1) seen.push(`read ${reads}: EXISTS a b = ${both}, EXISTS a = ${a}`);
    }
    mover.stop();
    expect(seen).toEqual([]);
    const sides = [
      { offset: () => leader.leader.stream.offset, state: () => keyspaceState(keyspace) },
      { offset: async () => Number(await replica.info('slave_repl_offset')), state: () => redisState(replica.port) },
    ] as const;
    expect(await convergence(...sides)).toEqual([]);
  }, 120_000);
});
