import { seededRandom } from '../../../lib/seededRandom.js';
import { commandTable } from '../../../lib/keyspace/commands/index.js';
import type { Keyspace } from '../../../lib/keyspace/Keyspace.js';

/** A fixed clock shared by leader and followers: nothing expires mid-test. */
export const FIXED_NOW = 1_700_000_000_000;
export const fixedClock = (): number => FIXED_NOW;

type Pick = <T>(items: readonly T[]) => T;

/** One random write of every type; keys collide across types on purpose (WRONGTYPE is fine). */
const WRITES: ((pick: Pick, key: () => string, value: () => string | Buffer) => (string | Buffer)[])[] = [
  (_, key, value) => ['SET', key(), value()],
  (_, key, value) => ['SET', key(), value(), 'PX', '3600000'],
  (_, key, value) => ['APPEND', key(), value()],
  (_, key) => ['INCR', `counter:${key()}`],
  (_, key) => ['DEL', key()],
  (_, key) => ['PEXPIRE', key(), '7200000'],
  (_, key) => ['RENAME', key(), key()],
  (_, key) => ['COPY', key(), key(), 'REPLACE'],
  (pick, key) => ['MOVE', key(), pick(['1', '2'])],
  (_, key, value) => ['HSET', `hash:${key()}`, key(), value(), key(), value()],
  (_, key) => ['HDEL', `hash:${key()}`, key()],
  (_, key, value) => ['LPUSH', `list:${key()}`, value(), value()],
  (_, key, value) => ['RPUSH', `list:${key()}`, value()],
  (_, key) => ['LPOP', `list:${key()}`],
  (_, key, value) => ['SADD', `set:${key()}`, value(), key()],
  (_, key) => ['SREM', `set:${key()}`, key()],
  (_, key) => ['SPOP', `set:${key()}`],
  (pick, key) => ['ZADD', `zset:${key()}`, pick(['1', '2.5', '-3', 'inf']), key()],
  (_, key) => ['ZINCRBY', `zset:${key()}`, '1.5', key()],
  (_, key) => ['ZREM', `zset:${key()}`, key()],
];

const RARE_WRITES: (string | Buffer)[][] = [['SWAPDB', '0', '1'], ['FLUSHDB'], ['SELECT', '0']];

/**
 * A seeded random writer over every value type, keys in a small space so that writes hit keys the
 * full-sync cursor has and has not reached; `barriers` adds a rare SWAPDB / FLUSHDB. Commands the
 * keyspace does not know yet are skipped.
 *
 * @example
 * ```ts
 * const write = randomWriter(7);
 * for (let i = 0; i < 1000; i++) write(ks);
 * ```
 */
export function randomWriter(seed: number, keySpace = 500, barriers = true): (keyspace: Keyspace, db?: number) => void {
  const random = seededRandom(seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const key = () => `k${Math.floor(random() * keySpace)}`;
  // Binary values (every byte value) next to text.
  const value = () => (random() < 0.2 ? Buffer.from([0, 255, 128, Math.floor(random() * 256)]) : `v${Math.floor(random() * 1e6)}`);
  const known = WRITES.filter((write) => commandTable.has(String(write(pick, key, value)[0]).toLowerCase()));
  return (keyspace, db = 0) => {
    const argv = barriers && random() < 0.001 ? pick(RARE_WRITES) : pick(known)(pick, key, value);
    try {
      keyspace.execute(argv, { db });
    } catch {
      // WRONGTYPE, missing keys for RENAME, …: the leader rejects them and propagates nothing.
    }
  };
}

const CREATES: ((key: string, index: number) => string[])[] = [
  (key, index) => ['SET', key, `value-${index}`],
  (key, index) => ['HSET', key, 'a', String(index), 'b', 'x'],
  (key, index) => ['RPUSH', key, String(index), 'y', 'z'],
  (key, index) => ['SADD', key, String(index), 'm'],
  (key, index) => ['ZADD', key, String(index), 'm', '-1.5', 'n'],
];

/** Fills `keyspace` with `count` keys of every type over databases 0–2, then as many random writes. */
export function seed(keyspace: Keyspace, count: number, seedValue = 1): void {
  for (let index = 0; index < count; index++) {
    keyspace.execute(CREATES[index % CREATES.length]!(`seed${seedValue}:${index}`, index), { db: index % 3 });
  }
  const write = randomWriter(seedValue, 500, false);
  for (let index = 0; index < count; index++) write(keyspace, index % 3);
}

/**
 * Random writes on every event-loop turn until stopped (`perTurn` per setImmediate).
 *
 * @example
 * ```ts
 * const stop = startWriteLoad(ks, 3);
 * // … follower syncs under load …
 * stop();
 * ```
 */
export function startWriteLoad(keyspace: Keyspace, seedValue: number, perTurn = 20): () => void {
  const write = randomWriter(seedValue);
  let running = true;
  let turn = 0;
  const step = () => {
    if (!running) return;
    for (let index = 0; index < perTurn; index++) write(keyspace, turn++ % 3);
    setImmediate(step);
  };
  setImmediate(step);
  return () => {
    running = false;
  };
}
