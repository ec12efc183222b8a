import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { memoryAfterGc } from './memory.js';
import { benchKey, randomValues, type RandomSource } from './benchData.js';

/** The main bench dataset: `keys` strings of `valueSize` bytes in db 0. */
export interface StringDataset {
  readonly keyspace: Keyspace;
  readonly keys: number;
  readonly valueSize: number;
  /** What the dataset holds in memory (heap + external after GC, before vs after building), bytes. */
  readonly memoryBytes: number;
  /** Key + value bytes: the payload any format has to carry. */
  readonly payloadBytes: number;
}

/**
 * Builds the string dataset (`benchKey(i)` → random ASCII value) and measures its memory.
 *
 * @example
 * ```ts
 * const dataset = buildStringDataset(seededRandom(1), 1_000_000, 100);
 * dataset.keyspace.dbsize(); // 1000000
 * ```
 */
export function buildStringDataset(random: RandomSource, keys: number, valueSize: number): StringDataset {
  const before = memoryAfterGc();
  const keyspace = new Keyspace();
  // Values are made in blocks so the scratch arrays never hold the whole dataset twice.
  const block = 65536;
  for (let first = 0; first < keys; first += block) {
    const values = randomValues(random, Math.min(block, keys - first), valueSize);
    values.forEach((value, offset) => keyspace.restore(0, benchKey(first + offset), 'string', value, null));
  }
  const memoryBytes = memoryAfterGc().heap - before.heap;
  return { keyspace, keys, valueSize, memoryBytes, payloadBytes: keys * (benchKey(0).length + valueSize) };
}
