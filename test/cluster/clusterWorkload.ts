import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { SeededRandom } from '../support/SeededRandom.js';

/** Keys of every type whose slots fall in `[start, end]`, found by trying tags. */
export function keysInRange(start: number, end: number, count: number, prefix = 'k'): string[] {
  const keys: string[] = [];
  for (let tag = 0; keys.length < count; tag++) {
    const key = `${prefix}{${tag}}`;
    const slot = keyHashSlot(key);
    if (slot >= start && slot <= end) keys.push(key);
  }
  return keys;
}

const FAR = 4_102_444_800_000; // 2100-01-01: TTLs that never fire during a test, equal on every node

/** One random write of the key's type (the type is fixed by the key's index), with absolute TTLs only. */
export function randomWrite(random: SeededRandom, key: string, index: number): string[] {
  const element = `e${random.integer(0, 30)}`;
  switch (index % 5) {
    case 0:
      return random.chance(0.2) ? ['SET', key, `v${random.integer(0, 1e6)}`, 'PXAT', String(FAR + random.integer(0, 1000))] : ['SET', key, `v${random.integer(0, 1e6)}`];
    case 1:
      return random.pick([
        ['RPUSH', key, element],
        ['LPUSH', key, element, element],
        ['LPOP', key],
      ]);
    case 2:
      return random.pick([
        ['SADD', key, element],
        ['SREM', key, element],
      ]);
    case 3:
      return random.pick([
        ['HSET', key, element, `${random.integer(0, 99)}`],
        ['HDEL', key, element],
        ['HINCRBY', key, 'n', '3'],
      ]);
    default:
      return random.pick([
        ['ZADD', key, `${random.integer(-50, 50) / 4}`, element],
        ['ZREM', key, element],
        ['ZINCRBY', key, '0.5', element],
      ]);
  }
}

/** Fills a key with a big collection (sent in chunks by a migration). */
export function bigValue(key: string, index: number, size: number): string[] {
  const elements = Array.from({ length: size }, (_, at) => `m${at}`);
  switch (index % 5) {
    case 0:
      return ['SET', key, 'x'.repeat(size)];
    case 1:
      return ['RPUSH', key, ...elements];
    case 2:
      return ['SADD', key, ...elements];
    case 3:
      return ['HSET', key, ...elements.flatMap((element) => [element, element])];
    default:
      return ['ZADD', key, ...elements.flatMap((element, at) => [String(at / 3), element])];
  }
}
