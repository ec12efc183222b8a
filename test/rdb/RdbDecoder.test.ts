import { beforeAll, describe, expect, it } from 'vitest';
import { ForklessError } from '../../lib/errors.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { RdbDecoder, type RdbPart } from '../../lib/rdb/RdbDecoder.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { fixtureCommands, redisDumpOf } from './support/rdbFixtures.js';

/** Parts as comparable JSON (containers as arrays, checksums as hex). */
function normalize(parts: readonly RdbPart[]): string {
  return JSON.stringify(parts, (_, value: unknown) => {
    if (value instanceof SortedSet) return [...value.entries()];
    if (value instanceof Map || value instanceof Set) return [...value];
    if (typeof value === 'bigint') return value.toString(16);
    return value;
  });
}

function decodeInPieces(bytes: Buffer, cuts: readonly number[]): RdbPart[] {
  const decoder = new RdbDecoder();
  const parts: RdbPart[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(...decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  parts.push(...decoder.end());
  return parts;
}

function decodeError(bytes: Buffer): ForklessError | null {
  try {
    decodeInPieces(bytes, []);
    return null;
  } catch (error) {
    if (!(error instanceof ForklessError)) throw error;
    return error;
  }
}

/** Splits of `bytes` into chunks of `size` bytes (the last one shorter). */
function chunkCuts(bytes: Buffer, size: number): number[] {
  return Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, index) => (index + 1) * size);
}

/** A small RDB written by a real redis-server 7.0: small collections (intset, listpacks, quicklist), int and LZF strings. */
let small: Buffer;
/** Every fixture, large collections (hashtable encodings, many-node quicklist, a 6000-byte LZF string) included. */
let large: Buffer;

beforeAll(async () => {
  small = await redisDumpOf((argv) => argv.join('').length < 400);
  large = await redisDumpOf(() => true);
});

describe('RdbDecoder on a redis-server dump', () => {
  let whole: string;
  beforeAll(() => (whole = normalize(decodeInPieces(small, []))));

  it('decodes the whole file: header, AUX, keys, verified end', () => {
    const parts = decodeInPieces(small, []);
    expect(parts[0]).toEqual({ kind: 'header', version: 10 });
    expect(parts.at(-1)?.kind).toBe('end');
    expect(parts.filter((part) => part.kind === 'key').length).toBe(fixtureCommands().filter(({ argv }) => argv.join('').length < 400 && argv[0] !== 'PEXPIREAT').length);
  });

  it('gives the same parts fed byte by byte', () => {
    expect(
      normalize(
        decodeInPieces(
          small,
          Array.from({ length: small.length - 1 }, (_, index) => index + 1),
        ),
      ),
    ).toBe(whole);
  });

  it('gives the same parts split in two at every boundary', () => {
    for (let cut = 0; cut <= small.length; cut++) expect(normalize(decodeInPieces(small, [cut])), `cut at ${cut}`).toBe(whole);
  });

  it('gives the same parts in chunks of every size from 1 to 64 bytes (an item cut at every offset, over several chunks)', () => {
    for (let size = 1; size <= 64; size++) expect(normalize(decodeInPieces(small, chunkCuts(small, size))), `chunks of ${size}`).toBe(whole);
  });

  it('reports a truncation at every length with FORKLESS_ERR_SNAPSHOT_TRUNCATED and an offset inside the file', () => {
    for (let length = 0; length < small.length; length++) {
      const error = decodeError(small.subarray(0, length));
      expect(error?.code, `length ${length}`).toBe('FORKLESS_ERR_SNAPSHOT_TRUNCATED');
      expect(error!.details.offset as number).toBeLessThanOrEqual(length);
    }
  });

  it('rejects every single-byte corruption with a typed error at an offset inside the file (seeded)', () => {
    const random = new SeededRandom(12);
    const allowed = new Set([
      'FORKLESS_ERR_SNAPSHOT_TRUNCATED',
      'FORKLESS_ERR_SNAPSHOT_MAGIC',
      'FORKLESS_ERR_SNAPSHOT_VERSION',
      'FORKLESS_ERR_SNAPSHOT_RECORD',
      'FORKLESS_ERR_SNAPSHOT_CHECKSUM',
      'FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE',
    ]);
    for (let round = 0; round < 3000; round++) {
      const bytes = Buffer.from(small);
      const at = random.integer(0, bytes.length - 1);
      bytes[at] = (bytes[at]! + random.integer(1, 255)) & 0xff;
      const error = decodeError(bytes);
      expect(error, `byte ${at} changed (seed 12, round ${round})`).not.toBeNull();
      expect(allowed.has(error!.code), error!.code).toBe(true);
      expect(error!.details.offset as number).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('rejects bytes after the checksum, and keeps them with trailing: keep', () => {
    expect(decodeError(Buffer.concat([small, Buffer.from('+')]))?.code).toBe('FORKLESS_ERR_SNAPSHOT_RECORD');
    const decoder = new RdbDecoder({ trailing: 'keep' });
    decoder.push(Buffer.concat([small, Buffer.from('*1\r\n')]));
    decoder.push(Buffer.from('$4\r\nPING\r\n'));
    expect(decoder.finished).toBe(true);
    expect(decoder.takeTrailing().toString()).toBe('*1\r\n$4\r\nPING\r\n');
  });

  it('refuses a database index beyond the target with FORKLESS_ERR_SNAPSHOT_DATABASES', () => {
    const decoder = new RdbDecoder({ databases: 4 });
    expect(() => [...decoder.push(small), ...decoder.end()]).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_SNAPSHOT_DATABASES' }));
  });
});

describe('RdbDecoder on a redis-server dump with large values', () => {
  it('gives the same parts whole, byte by byte, in chunks of many sizes and at random cuts (items larger than a chunk straddle several)', () => {
    const whole = normalize(decodeInPieces(large, []));
    expect(JSON.parse(whole).filter((part: RdbPart) => part.kind === 'key').length).toBe(fixtureCommands().filter(({ argv }) => argv[0] !== 'PEXPIREAT').length);
    for (const size of [1, 2, 3, 5, 64, 100, 999, 4096, 16384, 65536]) expect(normalize(decodeInPieces(large, chunkCuts(large, size))), `chunks of ${size}`).toBe(whole);
    const random = new SeededRandom(7);
    for (let round = 0; round < 30; round++) {
      const cuts = Array.from({ length: random.integer(1, 40) }, () => random.integer(0, large.length)).sort((a, b) => a - b);
      expect(normalize(decodeInPieces(large, cuts)), `cuts ${cuts.join(',')} (seed 7, round ${round})`).toBe(whole);
    }
  });

  it('reports a truncation inside a large value as FORKLESS_ERR_SNAPSHOT_TRUNCATED at the start of its key', () => {
    const parts = decodeInPieces(large, []);
    const bigList = parts.find((part) => part.kind === 'key' && part.entry.key === 'big-list');
    if (bigList?.kind !== 'key') throw new Error('big-list missing');
    const error = decodeError(large.subarray(0, bigList.offset + 5000));
    expect(error?.code).toBe('FORKLESS_ERR_SNAPSHOT_TRUNCATED');
    expect(error?.details.offset).toBe(bigList.offset);
  });
});
