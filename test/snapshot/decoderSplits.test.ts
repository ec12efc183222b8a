import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SnapshotDecoder, type SnapshotPart } from '../../lib/snapshot/SnapshotDecoder.js';
import { CHUNK_MAX_ELEMENTS } from '../../lib/snapshot/snapshotFormat.js';
import { FIXED_NOW, saveToFile, temporaryDirectory } from './support/snapshotFixtures.js';

let file: Buffer;

beforeAll(async () => {
  const ks = new Keyspace({ clock: () => FIXED_NOW });
  ks.execute(['SET', 'a', 'alpha', 'PXAT', String(FIXED_NOW + 5)]);
  ks.execute(['HSET', 'h', 'f', Buffer.from([0, 255, 10])]);
  ks.execute(['RPUSH', 'l', ...Array.from({ length: CHUNK_MAX_ELEMENTS + 1 }, (_, index) => String(index % 10))], { db: 2 });
  ks.execute(['ZADD', 'z', '1', 'one', '2', 'two']);
  ks.execute(['SADD', 's', 'x', 'y']);
  const { directory, cleanup } = await temporaryDirectory();
  await saveToFile(ks, join(directory, 'small.fkl'), { historyId: 'splits' });
  file = await readFile(join(directory, 'small.fkl'));
  await cleanup();
});

/** Decodes `pieces` in order and returns every part. */
function decodePieces(pieces: readonly Uint8Array[]): SnapshotPart[] {
  const decoder = new SnapshotDecoder();
  const parts = pieces.flatMap((piece) => decoder.push(piece));
  decoder.end();
  return parts;
}

describe('SnapshotDecoder input splits', () => {
  it('the file decodes whole into a header, the keys, and the footer', () => {
    const parts = decodePieces([file]);
    expect(parts.map((part) => part.kind)).toEqual(['header', 'key', 'key', 'key', 'key', 'key', 'footer']);
    expect(parts.filter((part) => part.kind === 'footer')[0]).toMatchObject({ footer: { keys: 5, records: 6 } });
  });

  it('byte by byte gives the same parts', () => {
    const bytes = Array.from(file, (byte) => Uint8Array.of(byte));
    expect(decodePieces(bytes)).toEqual(decodePieces([file]));
  });

  it('split in two at every boundary gives the same parts', () => {
    const whole = decodePieces([file]);
    for (let cut = 0; cut <= file.length; cut++) {
      expect(decodePieces([file.subarray(0, cut), file.subarray(cut)])).toEqual(whole);
    }
  });

  it('any random split gives the same parts (property)', () => {
    const whole = decodePieces([file]);
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: file.length - 1 }), { maxLength: 40 });
    fc.assert(
      fc.property(cuts, (positions) => {
        const sorted = [0, ...positions.sort((a, b) => a - b), file.length];
        const pieces = sorted.slice(1).map((end, index) => file.subarray(sorted[index], end));
        expect(decodePieces(pieces)).toEqual(whole);
      }),
      { seed: 20240601, numRuns: 200 },
    );
  });
});

describe('SnapshotDecoder checksum under any split', () => {
  /** The file with one byte of the `alpha` value flipped: structurally valid, wrong CRC. */
  function corrupted(): Buffer {
    const copy = Buffer.from(file);
    const at = copy.indexOf('alpha');
    copy[at] = copy[at]! ^ 0x20;
    return copy;
  }

  function checksumErrorOf(pieces: readonly Uint8Array[]): unknown {
    try {
      decodePieces(pieces);
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return 'no error';
  }

  it('a flipped value byte is a checksum error fed whole, byte by byte, and split at every boundary', () => {
    const bad = corrupted();
    expect(checksumErrorOf([bad])).toBe('FORKLESS_ERR_SNAPSHOT_CHECKSUM');
    expect(checksumErrorOf(Array.from(bad, (byte) => Uint8Array.of(byte)))).toBe('FORKLESS_ERR_SNAPSHOT_CHECKSUM');
    for (let cut = 0; cut <= bad.length; cut++) {
      expect(checksumErrorOf([bad.subarray(0, cut), bad.subarray(cut)])).toBe('FORKLESS_ERR_SNAPSHOT_CHECKSUM');
    }
  });

  it('the footer checksum itself is covered: a flipped CRC byte fails at every split', () => {
    const bad = Buffer.from(file);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
    for (let cut = 0; cut <= bad.length; cut += 7) {
      expect(checksumErrorOf([bad.subarray(0, cut), bad.subarray(cut)])).toBe('FORKLESS_ERR_SNAPSHOT_CHECKSUM');
    }
  });
});
