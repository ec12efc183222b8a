import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForklessError } from '../../lib/errors.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { RdbDecoder, type RdbPart } from '../../lib/rdb/RdbDecoder.js';
import { startRedisServer } from '../support/redisServer.js';
import { RespClient } from '../support/RespClient.js';
import { SeededRandom } from '../support/SeededRandom.js';
import { fixtureCommands, temporaryDirectory } from './support/rdbFixtures.js';

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

/** A small RDB written by a real redis-server 7.0: small collections (intset, listpacks, quicklist), int and LZF strings. */
let small: Buffer;

beforeAll(async () => {
  const { directory, cleanup } = await temporaryDirectory();
  const server = await startRedisServer(undefined, ['--dir', directory, '--dbfilename', 'small.rdb', '--rdbcompression', 'yes']);
  const client = await RespClient.connect(server.port);
  try {
    for (const { db, argv } of fixtureCommands().filter(({ argv }) => argv.join('').length < 400)) {
      await client.call(['SELECT', String(db)]);
      await client.call(argv.map((argument) => Buffer.from(argument, 'latin1')));
    }
    await client.call(['SAVE']);
    small = await readFile(join(directory, 'small.rdb'));
  } finally {
    client.close();
    await server.stop();
    await cleanup();
  }
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
