import type { Keyspace } from '../../../../lib/keyspace/Keyspace.js';
import { seededRandom } from '../../../../lib/seededRandom.js';
import { randomWriter } from '../../support/writeLoad.js';

/**
 * A continuous write load of every type on a keyspace (the random writer of the WebSocket tests),
 * plus in every turn a MULTI/EXEC of three writes and a key with a short TTL (expired by the active
 * cycle, so DELs enter the stream), a SWAPDB every 50 turns and one FLUSHALL at turn `flushAllAt`.
 * Returns the function that stops it.
 *
 * @example
 * ```ts
 * const stop = startMixedLoad(ks, 7);
 * stop();
 * ```
 */
export function startMixedLoad(keyspace: Keyspace, seedValue: number, flushAllAt = 40): () => void {
  const write = randomWriter(seedValue);
  const random = seededRandom(seedValue + 1);
  const session = keyspace.session();
  let running = true;
  let turn = 0;
  const step = () => {
    if (!running) return;
    turn++;
    for (let index = 0; index < 20; index++) write(keyspace, index % 3);
    session.execute(['MULTI']);
    session.execute(['INCR', 'tx:counter']);
    session.execute(['RPUSH', 'tx:list', String(turn)]);
    session.execute(['HSET', `tx:hash:${Math.floor(random() * 10)}`, 'turn', String(turn)]);
    session.execute(['EXEC']);
    keyspace.execute(['SET', `short:${Math.floor(random() * 50)}`, 'x', 'PX', String(1 + Math.floor(random() * 40))], { db: 1 });
    if (turn % 50 === 0) keyspace.execute(['SWAPDB', '0', '2']);
    if (turn === flushAllAt) keyspace.execute(['FLUSHALL']);
    setImmediate(step);
  };
  setImmediate(step);
  return () => {
    running = false;
  };
}
