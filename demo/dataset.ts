import type { Keyspace } from '../lib/keyspace/Keyspace.js';
import type { SeededRandom } from './seededRandom.js';

/** How the demo dataset is spread over types and databases. */
export interface DatasetOptions {
  keys: number;
  databases: number;
  /** Bytes per string value. */
  valueSize: number;
}

/** The key of index `index`, and the type it holds: 70% strings, the rest the four collections. */
export function keyAt(index: number): { key: string; kind: 'string' | 'hash' | 'list' | 'set' | 'zset' } {
  const slot = index % 20;
  const kind = slot < 14 ? 'string' : slot < 16 ? 'hash' : slot < 18 ? 'list' : slot < 19 ? 'set' : 'zset';
  return { key: `${kind}:${index}`, kind };
}

/**
 * Fills the keyspace with `keys` keys of every type (collections of 8 elements), through
 * `execute`, so the dataset is exactly what commands would build.
 */
export function fillDataset(keyspace: Keyspace, random: SeededRandom, options: DatasetOptions): void {
  for (let index = 0; index < options.keys; index++) {
    const { key, kind } = keyAt(index);
    const db = index % options.databases;
    const elements = Array.from({ length: 8 }, (_, element) => `e${element}`);
    switch (kind) {
      case 'string':
        keyspace.execute(['SET', key, random.text(options.valueSize)], { db });
        break;
      case 'hash':
        keyspace.execute(['HSET', key, ...elements.flatMap((field) => [field, random.text(16)])], { db });
        break;
      case 'list':
        keyspace.execute(['RPUSH', key, ...elements.map(() => random.text(16))], { db });
        break;
      case 'set':
        keyspace.execute(['SADD', key, ...elements.map(() => random.text(12))], { db });
        break;
      case 'zset':
        keyspace.execute(['ZADD', key, ...elements.flatMap((member) => [String(random.integer(1000)), member])], { db });
        break;
    }
  }
}
