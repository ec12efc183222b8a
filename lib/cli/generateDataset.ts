import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Keyspace } from '../keyspace/Keyspace.js';

const SLICE_KEYS = 5000;

/** Shape of a generated dataset. */
export interface DatasetOptions {
  /** Number of keys (default 100 000). */
  keys?: number;
  /** Bytes of each string value (default 100). */
  valueBytes?: number;
  /** `strings` only, or a mix of every type (`all`, default: 1 in 10 keys is a small collection). */
  types?: 'strings' | 'all';
  /** Aborting stops the generation between slices: the promise resolves to false. */
  signal?: AbortSignal;
  /** Called after each slice of 5000 keys with the keys generated so far. */
  onProgress?: (generated: number, total: number) => void;
}

/**
 * Fills a keyspace with a deterministic dataset: `key:<n>` strings of `valueBytes` bytes, and with
 * `types: 'all'` every tenth key a hash, list, set or sorted set of 10 elements instead. Used by the
 * CLI's `snapshot save`. Runs in slices of 5000 keys with an event-loop turn between them, so
 * progress can be drawn and Ctrl-C (the `signal`) is heard; resolves to false if aborted.
 *
 * @example
 * ```ts
 * const ks = new Keyspace();
 * await generateDataset(ks, { keys: 1_000_000, valueBytes: 100, types: 'strings' });
 * ```
 */
export async function generateDataset(keyspace: Keyspace, options: DatasetOptions = {}): Promise<boolean> {
  const { keys = 100_000, valueBytes = 100, types = 'all', signal, onProgress } = options;
  const value = 'v'.repeat(valueBytes);
  for (let start = 0; start < keys; start += SLICE_KEYS) {
    if (signal?.aborted) return false;
    const end = Math.min(keys, start + SLICE_KEYS);
    for (let index = start; index < end; index++) {
      const key = `key:${index}`;
      if (types === 'strings' || index % 10 !== 9) keyspace.execute(['SET', key, value]);
      else keyspace.execute(collectionCommand(key, index), { db: index % 3 });
    }
    onProgress?.(end, keys);
    await yieldToEventLoop();
  }
  return signal?.aborted !== true;
}

function collectionCommand(key: string, index: number): string[] {
  const elements = Array.from({ length: 10 }, (_, element) => `e${element}`);
  switch (((index / 10) % 4) | 0) {
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
