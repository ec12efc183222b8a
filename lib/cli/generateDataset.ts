import type { Keyspace } from '../keyspace/Keyspace.js';

/** Shape of a generated dataset. */
export interface DatasetOptions {
  /** Number of keys (default 100 000). */
  keys?: number;
  /** Bytes of each string value (default 100). */
  valueBytes?: number;
  /** `strings` only, or a mix of every type (`all`, default: 1 in 10 keys is a small collection). */
  types?: 'strings' | 'all';
}

/**
 * Fills a keyspace with a deterministic dataset: `key:<n>` strings of `valueBytes` bytes, and with
 * `types: 'all'` every tenth key a hash, list, set or sorted set of 10 elements instead. Used by the
 * CLI's `snapshot save` and by benchmarks (1 000 000 × 100-byte strings).
 *
 * @example
 * ```ts
 * const ks = new Keyspace();
 * generateDataset(ks, { keys: 1_000_000, valueBytes: 100, types: 'strings' });
 * ```
 */
export function generateDataset(keyspace: Keyspace, options: DatasetOptions = {}): void {
  const { keys = 100_000, valueBytes = 100, types = 'all' } = options;
  const value = 'v'.repeat(valueBytes);
  for (let index = 0; index < keys; index++) {
    const key = `key:${index}`;
    if (types === 'strings' || index % 10 !== 9) keyspace.execute(['SET', key, value]);
    else keyspace.execute(collectionCommand(key, index), { db: index % 3 });
  }
}

function collectionCommand(key: string, index: number): string[] {
  const elements = Array.from({ length: 10 }, (_, element) => `e${element}`);
  switch ((index / 10) % 4 | 0) {
    case 0:
      return ['HSET', key, ...elements.flatMap((element) => [element, `${element}-value`])];
    case 1:
      return ['RPUSH', key, ...elements];
    case 2:
      return ['SADD', key, ...elements];
    default:
      return ['ZADD', key, ...elements.flatMap((element, score) => [String(score), element])];
  }
}
