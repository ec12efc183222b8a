import { open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Packr } from 'msgpackr';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { typeOfValue, type Value, type ValueType } from '../../lib/keyspace/Value.js';
import type { SortedSet } from '../../lib/keyspace/SortedSet.js';

/** The raw limit of a save: the same pairs msgpackr-encoded in one call and written in one write. */
export interface RawLimit {
  readonly keys: number;
  readonly bytes: number;
  /** Walk + encode, ms. */
  readonly encodeMs: number;
  /** One write + fsync, ms. */
  readonly writeMs: number;
  readonly totalMs: number;
}

/**
 * Measures the raw limit of saving `keyspace`: every `[key, value]` pair (collections as plain
 * arrays) in one array, one `pack`, one write of the buffer, fsync. No time slicing, no
 * consistency, no framing: what a save could cost if it blocked everything.
 *
 * @example
 * ```ts
 * const raw = await measureRawLimit(ks, '/tmp/raw.bin'); // { keys, bytes, encodeMs, writeMs, totalMs }
 * ```
 */
export async function measureRawLimit(keyspace: Keyspace, path: string): Promise<RawLimit> {
  const started = performance.now();
  const pairs: [string, unknown][] = [];
  for (const database of keyspace.databases) {
    database.forEach((value, key) => pairs.push([key, plainValue(typeOfValue(value), value)]));
  }
  const encoded = new Packr({ useRecords: false }).pack(pairs);
  const encodedAt = performance.now();
  const writeMs = await writeDurably(path, encoded);
  return { keys: pairs.length, bytes: encoded.length, encodeMs: encodedAt - started, writeMs, totalMs: encodedAt - started + writeMs };
}

/**
 * The copy limit of saving a string-only `keyspace`: every key and value latin1-written with a
 * 4-byte length prefix into one preallocated buffer, one write, fsync. No encoder at all: the
 * floor any snapshot format of the same bytes pays (memory copies and the disk).
 *
 * @example
 * ```ts
 * const copy = await measureCopyLimit(ks, '/tmp/copy.bin');
 * ```
 */
export async function measureCopyLimit(keyspace: Keyspace, path: string): Promise<RawLimit> {
  const started = performance.now();
  let size = 0;
  let keys = 0;
  for (const database of keyspace.databases) {
    database.forEach((value, key) => {
      size += 8 + key.length + (value as string).length;
      keys++;
    });
  }
  const output = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const database of keyspace.databases) {
    database.forEach((stored, key) => {
      const value = stored as string;
      offset = output.writeUInt32LE(key.length, offset);
      offset += output.write(key, offset, 'latin1');
      offset = output.writeUInt32LE(value.length, offset);
      offset += output.write(value, offset, 'latin1');
    });
  }
  const copiedAt = performance.now();
  const writeMs = await writeDurably(path, output);
  return { keys, bytes: size, encodeMs: copiedAt - started, writeMs, totalMs: copiedAt - started + writeMs };
}

/** One write of `bytes` to a new file, fsync; returns the time taken, ms. */
async function writeDurably(path: string, bytes: Buffer): Promise<number> {
  const started = performance.now();
  const file = await open(path, 'w');
  try {
    await file.write(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  return performance.now() - started;
}

/** A value in a form msgpack encodes directly (sorted sets as [member, score] pairs). */
function plainValue(type: ValueType, value: Value): unknown {
  switch (type) {
    case 'string':
    case 'list':
      return value;
    case 'hash':
      return [...(value as Map<string, string>)].flat();
    case 'set':
      return [...(value as Set<string>)];
    case 'zset':
      return [...(value as SortedSet).entries()].flat();
  }
}
