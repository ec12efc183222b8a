import type { Keyspace } from '../../../../lib/keyspace/Keyspace.js';
import { seededRandom } from '../../../../lib/seededRandom.js';
import { RespClient } from '../../../support/RespClient.js';
import { randomWriter } from '../../support/writeLoad.js';

/**
 * The mixed load of {@link startMixedLoad} sent to a redis-server: per turn, 20 random writes of
 * every type, a MULTI/EXEC of three writes, a key with a short TTL, a SWAPDB every 50 turns and one
 * FLUSHALL at turn `flushAllAt`, pipelined on one connection. Resolves the returned `stop()` once
 * the last turn's replies are in.
 *
 * @example
 * ```ts
 * const stop = await startRedisLoad(master.port, 7);
 * await stop();
 * ```
 */
export async function startRedisLoad(port: number, seedValue: number, flushAllAt = 40): Promise<() => Promise<void>> {
  const client = await RespClient.connect(port);
  const random = seededRandom(seedValue + 1);
  let batch: (string | Uint8Array)[][] = [];
  // randomWriter runs its commands on a keyspace; this one records them instead.
  const recorder = { execute: (argv: (string | Uint8Array)[], options: { db?: number } = {}) => batch.push(['SELECT', String(options.db ?? 0)], argv) };
  const write = randomWriter(seedValue);
  let running = true;
  const loop = (async () => {
    for (let turn = 1; running; turn++) {
      batch = [];
      for (let index = 0; index < 20; index++) write(recorder as unknown as Keyspace, index % 3);
      batch.push(
        ['SELECT', '0'],
        ['MULTI'],
        ['INCR', 'tx:counter'],
        ['RPUSH', 'tx:list', String(turn)],
        ['HSET', `tx:hash:${Math.floor(random() * 10)}`, 'turn', String(turn)],
        ['EXEC'],
      );
      batch.push(['SELECT', '1'], ['SET', `short:${Math.floor(random() * 50)}`, 'x', 'PX', String(1 + Math.floor(random() * 40))]);
      if (turn % 50 === 0) batch.push(['SWAPDB', '0', '2']);
      if (turn === flushAllAt) batch.push(['FLUSHALL']);
      await Promise.all(batch.map((argv) => client.call(argv)));
    }
  })();
  return async () => {
    running = false;
    await loop;
    client.close();
  };
}
