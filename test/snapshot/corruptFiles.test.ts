import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ForklessError, type ForklessErrorCode } from '../../lib/errors.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { inspectSnapshot } from '../../lib/snapshot/inspectSnapshot.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { SnapshotFrameDecoder } from '../../lib/snapshot/SnapshotFrameDecoder.js';
import { FOOTER_BYTES, RecordKind, SNAPSHOT_FORMAT_VERSION } from '../../lib/snapshot/snapshotFormat.js';
import { packCollection } from '../../lib/keyspace/packCollection.js';
import { FIXED_NOW, buildSnapshotFile, randomKeyspace, saveToFile, seededRandom, temporaryDirectory } from './support/snapshotFixtures.js';

let directory: string;
let cleanup: () => Promise<void>;
let valid: Buffer;
let recordOffsets: number[];
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(() => cleanup());

beforeAll(async () => {
  const { directory: scratch, cleanup: remove } = await temporaryDirectory();
  await saveToFile(randomKeyspace(42, 300, 40), join(scratch, 'valid.fkl'));
  valid = await readFile(join(scratch, 'valid.fkl'));
  await remove();
  recordOffsets = new SnapshotFrameDecoder()
    .push(valid)
    .map((frame) => frame.offset)
    .filter((offset) => offset > 0);
});

/** A keyspace with data of its own, to prove a failed load leaves it untouched. */
function occupiedKeyspace(): Keyspace {
  return randomKeyspace(99, 200);
}

/** Writes `bytes`, loads them into an occupied keyspace, and returns the typed error. */
async function loadError(bytes: Buffer): Promise<ForklessError> {
  const path = join(directory, 'corrupt.fkl');
  await writeFile(path, bytes);
  const into = occupiedKeyspace();
  const digest = into.digest();
  const offset = into.offset;
  const error = await loadSnapshot(path, into).then(
    () => expect.unreachable('a corrupt file must not load'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ForklessError);
  expect(into.digest()).toBe(digest);
  expect(into.offset).toBe(offset);
  return error as ForklessError;
}

function expectError(error: ForklessError, code: ForklessErrorCode, offset?: number): void {
  expect(error.code).toBe(code);
  expect(typeof error.details.offset).toBe('number');
  if (offset !== undefined) expect(error.details.offset).toBe(offset);
  expect(error.message).toContain(`at byte ${error.details.offset}`);
}

describe('loading a corrupt snapshot', () => {
  it('the valid file loads (control)', async () => {
    const path = join(directory, 'valid.fkl');
    await writeFile(path, valid);
    expect((await loadSnapshot(path, new Keyspace({ clock: () => FIXED_NOW }))).digest()).toBe(randomKeyspace(42, 300, 40).digest());
  });

  it('truncated at every record boundary: FORKLESS_ERR_SNAPSHOT_TRUNCATED naming the cut piece', async () => {
    expect(recordOffsets.length).toBeGreaterThan(20);
    for (const boundary of [...recordOffsets, valid.length - FOOTER_BYTES]) {
      expectError(await loadError(valid.subarray(0, boundary)), 'FORKLESS_ERR_SNAPSHOT_TRUNCATED', boundary);
    }
  });

  it('truncated at random offsets: truncated, never loaded', async () => {
    const random = seededRandom(5);
    for (let round = 0; round < 40; round++) {
      const cut = Math.floor(random() * valid.length);
      expectError(await loadError(valid.subarray(0, cut)), 'FORKLESS_ERR_SNAPSHOT_TRUNCATED');
    }
  });

  it('an empty file is truncated at byte 0', async () => {
    expectError(await loadError(Buffer.alloc(0)), 'FORKLESS_ERR_SNAPSHOT_TRUNCATED', 0);
  });

  it('bad magic', async () => {
    const bytes = Buffer.from(valid);
    bytes.write('REDIS', 0, 'latin1');
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_MAGIC', 0);
    expectError(await loadError(Buffer.from('FORX')), 'FORKLESS_ERR_SNAPSHOT_MAGIC', 0);
  });

  it('a version this build does not read (0, or newer than it writes)', async () => {
    for (const version of [0, SNAPSHOT_FORMAT_VERSION + 1]) {
      const bytes = Buffer.from(valid);
      bytes.writeUInt16LE(version, 8);
      const error = await loadError(bytes);
      expectError(error, 'FORKLESS_ERR_SNAPSHOT_VERSION', 8);
      expect(error.details.version).toBe(version);
    }
  });

  it('a version-1 file (collections as arrays) loads; a packed chunk in one is FORKLESS_ERR_SNAPSHOT_RECORD', async () => {
    const records = [
      [RecordKind.key, 0, Buffer.from('list'), 2, null, 2, [Buffer.from('a'), Buffer.from('b')]],
      [RecordKind.key, 0, Buffer.from('string'), 0, null, 1, Buffer.from('v')],
    ];
    const path = join(directory, 'v1.fkl');
    await writeFile(path, buildSnapshotFile(records, 2, 16, 1));
    const loaded = await loadSnapshot(path, new Keyspace({ clock: () => FIXED_NOW }));
    expect(loaded.execute(['LRANGE', 'list', '0', '-1'])).toEqual(['a', 'b']);
    expect((await inspectSnapshot(path)).valid).toBe(true);
    const packed = [[RecordKind.key, 0, Buffer.from('list'), 2, null, 2, Buffer.from(packCollection('list', ['a', 'b'])!.data, 'latin1')]];
    const bytes = buildSnapshotFile(packed, 1, 16, 1);
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_RECORD', bytes.readUInt16LE(10)); // the first record, right after the header
    await writeFile(path, buildSnapshotFile(packed, 1));
    expect((await loadSnapshot(path, new Keyspace({ clock: () => FIXED_NOW }))).execute(['LRANGE', 'list', '0', '-1'])).toEqual(['a', 'b']);
  });

  it('a flipped byte in the header is a header checksum mismatch', async () => {
    const bytes = Buffer.from(valid);
    bytes[20] ^= 0x01; // inside the replication offset
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_CHECKSUM');
  });

  it('a flipped byte inside a value is a checksum mismatch at the footer checksum field', async () => {
    const bytes = Buffer.from(valid);
    const lastRecord = recordOffsets.at(-1)!;
    bytes[lastRecord + (valid.length - FOOTER_BYTES - lastRecord) - 1] ^= 0x20; // last byte of the last value
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_CHECKSUM', valid.length - 4);
  });

  it('a wrong checksum field', async () => {
    const bytes = Buffer.from(valid);
    bytes.writeUInt32LE((bytes.readUInt32LE(valid.length - 4) ^ 1) >>> 0, valid.length - 4);
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_CHECKSUM', valid.length - 4);
  });

  it('trailing bytes after the footer', async () => {
    expectError(await loadError(Buffer.concat([valid, Buffer.from([0])])), 'FORKLESS_ERR_SNAPSHOT_RECORD', valid.length);
  });

  it('a record length beyond the limit', async () => {
    const bytes = Buffer.from(valid);
    bytes.writeUInt32LE(0xffffffff, recordOffsets[0]!);
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_RECORD', recordOffsets[0]);
  });

  const key = (overrides: Partial<Record<number, unknown>>) => {
    const record: unknown[] = [RecordKind.key, 0, Buffer.from('k'), 0, null, 1, Buffer.from('v')];
    for (const [index, value] of Object.entries(overrides)) record[Number(index)] = value;
    return record;
  };
  const packedBytes = (text: string) => Buffer.from(text, 'latin1');
  const malformed: [string, unknown[], number][] = [
    ['not an array', [key({}), 'text'], 1],
    ['a key record with missing fields', [[RecordKind.key, 0]], 0],
    ['an unknown record kind', [[9, 1]], 0],
    ['a database out of range', [key({ 1: 16 })], 0],
    ['a key that is not binary', [key({ 2: 'k' })], 0],
    ['an unknown type code', [key({ 3: 7 })], 0],
    ['a bad expiry', [key({ 4: -5 })], 0],
    ['a string longer than declared', [key({ 5: 0 })], 0],
    ['a chunk without a key', [[RecordKind.chunk, [Buffer.from('x')]]], 0],
    ['a key left incomplete', [key({ 5: 2 })], 0],
    ['a hash with an odd pair', [key({ 3: 1, 6: [Buffer.from('f')] })], 0],
    ['a duplicate set member', [key({ 3: 3, 5: 2, 6: [Buffer.from('m'), Buffer.from('m')] })], 0],
    ['sorted-set scores of the wrong size', [key({ 3: 4, 6: [[Buffer.from('m')], Buffer.alloc(4)] })], 0],
    ['an empty collection', [key({ 3: 2, 5: 0, 6: [] })], 0],
    ['the same key twice', [key({}), key({ 2: Buffer.from('other') }), key({ 6: Buffer.from('w') })], 2],
    ['the same key twice, as another type', [key({}), key({ 3: 3, 6: [Buffer.from('m')] })], 1],
    // An expired key is not stored, yet it was in the file: a second record of it is a duplicate.
    ['the same key twice, the first one expired', [key({ 4: 1 }), key({})], 1],
    ['the same key twice, the second one expired', [key({}), key({ 4: 1 })], 1],
    ['the same key twice, both expired', [key({ 4: 1 }), key({ 4: 1 })], 1],
    ['a packed chunk of another type', [key({ 3: 3, 5: 2, 6: packedBytes('l\x01a\x01b') })], 0],
    ['a packed chunk whose entries disagree', [key({ 3: 2, 5: 3, 6: packedBytes('l\x01a\x01b') })], 0],
    ['a packed chunk cut inside an element', [key({ 3: 2, 5: 2, 6: packedBytes('l\x01a\x02b') })], 0],
    ['a packed chunk with a member twice', [key({ 3: 3, 5: 2, 6: packedBytes('s\x01m\x01m') })], 0],
    ['a packed chunk with a NaN score', [key({ 3: 4, 5: 1, 6: packedBytes(`z\x01m${'\xff'.repeat(8)}`) })], 0],
  ];
  it.each(malformed)('a malformed record (%s) is FORKLESS_ERR_SNAPSHOT_RECORD at its offset', async (_name, records, badIndex) => {
    const bytes = buildSnapshotFile(records, records.length);
    const offsets = new SnapshotFrameDecoder().push(bytes).map((frame) => frame.offset);
    const error = await loadError(bytes);
    expect(error.code).toBe('FORKLESS_ERR_SNAPSHOT_RECORD');
    // An incomplete key is reported at the footer; anything else at the record itself.
    const expected = _name === 'a key left incomplete' ? bytes.length - FOOTER_BYTES : offsets[badIndex + 1];
    expect(error.details.offset).toBe(expected);
  });

  it('a duplicate key before a checksum mismatch, read in one piece, is reported first, as inspect reports it', async () => {
    const bytes = buildSnapshotFile([key({}), key({})], 2);
    bytes[bytes.length - 1]! ^= 0x01;
    const duplicateAt = new SnapshotFrameDecoder().push(buildSnapshotFile([key({}), key({})], 2))[2]!.offset;
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_RECORD', duplicateAt);
    const path = join(directory, 'duplicate.fkl');
    await writeFile(path, bytes);
    expect((await inspectSnapshot(path)).error).toMatchObject({ code: 'FORKLESS_ERR_SNAPSHOT_RECORD', details: { offset: duplicateAt } });
  });

  it('a footer whose key count disagrees', async () => {
    const bytes = buildSnapshotFile([key({})], 2);
    expectError(await loadError(bytes), 'FORKLESS_ERR_SNAPSHOT_RECORD', bytes.length - FOOTER_BYTES + 12);
  });

  it('the same key in two databases is not a duplicate (control)', async () => {
    const path = join(directory, 'two-dbs.fkl');
    await writeFile(path, buildSnapshotFile([key({}), key({ 1: 1 })], 2));
    const loaded = await loadSnapshot(path, new Keyspace({ clock: () => FIXED_NOW }));
    expect([loaded.dbsize(0), loaded.dbsize(1)]).toEqual([1, 1]);
  });

  it('a missing file is an I/O error', async () => {
    const error = await loadSnapshot(join(directory, 'nothing.fkl')).catch((caught: unknown) => caught);
    expect((error as ForklessError).code).toBe('FORKLESS_ERR_SNAPSHOT_IO');
  });

  it('a FIFO, a directory or a device is refused at once with an I/O error, never read (a FIFO would block)', async () => {
    const fifo = join(directory, 'pipe.fkl');
    execFileSync('mkfifo', [fifo]);
    for (const [path, fileType] of [
      [fifo, 'a FIFO'],
      [directory, 'a directory'],
      ['/dev/zero', 'a character device'],
    ] as const) {
      const error = (await loadSnapshot(path).catch((caught: unknown) => caught)) as ForklessError;
      expect(error).toBeInstanceOf(ForklessError);
      expect(error).toMatchObject({ code: 'FORKLESS_ERR_SNAPSHOT_IO', details: { path, fileType } });
      const report = await inspectSnapshot(path);
      expect(report).toMatchObject({ valid: false, error: { code: 'FORKLESS_ERR_SNAPSHOT_IO' } });
    }
  });

  it('more databases than the target keyspace has', async () => {
    const path = join(directory, 'wide.fkl');
    await writeFile(path, buildSnapshotFile([], 0, 32));
    const error = await loadSnapshot(path, new Keyspace()).catch((caught: unknown) => caught);
    expectError(error as ForklessError, 'FORKLESS_ERR_SNAPSHOT_DATABASES', 12);
  });
});
