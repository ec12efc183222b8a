import { describe, expect, it } from 'vitest';
import { ForklessError } from '../../lib/errors.js';
import { RdbOutput } from '../../lib/keyspace/dump/RdbOutput.js';
import { PackedCollection } from '../../lib/keyspace/PackedCollection.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { unpacked } from '../../lib/keyspace/StoredValue.js';
import { RdbDecoder, type RdbKey, type RdbPart } from '../../lib/rdb/RdbDecoder.js';

/** A ziplist as Redis ≤ 6.2 lays it out (ziplist.c): header, entries with prevlen, 0xFF. */
function ziplist(entries: readonly (string | number | bigint)[]): Buffer {
  const encoded = entries.map((entry) => (typeof entry === 'string' ? ziplistString(entry) : ziplistInteger(BigInt(entry))));
  const pieces: Buffer[] = [];
  let previous = 0;
  let tail = 10;
  for (const body of encoded) {
    const prevlen = previous < 254 ? Buffer.from([previous]) : Buffer.concat([Buffer.from([254]), u32le(previous)]);
    const entry = Buffer.concat([prevlen, body]);
    tail += pieces.length === 0 ? 0 : pieces.at(-1)!.length;
    pieces.push(entry);
    previous = entry.length;
  }
  const body = Buffer.concat(pieces);
  const header = Buffer.alloc(10);
  header.writeUInt32LE(10 + body.length + 1, 0);
  header.writeUInt32LE(tail, 4);
  header.writeUInt16LE(entries.length, 8);
  return Buffer.concat([header, body, Buffer.from([0xff])]);
}

function ziplistString(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length < 64) return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  if (bytes.length < 16384) return Buffer.concat([Buffer.from([0x40 | (bytes.length >> 8), bytes.length & 0xff]), bytes]);
  const length = Buffer.alloc(5);
  length[0] = 0x80;
  length.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([length, bytes]);
}

function ziplistInteger(value: bigint): Buffer {
  if (value >= 0n && value <= 12n) return Buffer.from([0xf1 + Number(value)]);
  const sized = (code: number, size: number) => {
    const bytes = Buffer.alloc(1 + size);
    bytes[0] = code;
    if (size === 8) bytes.writeBigInt64LE(value, 1);
    else bytes.writeIntLE(Number(value), 1, size);
    return bytes;
  };
  if (value >= -128n && value <= 127n) return sized(0xfe, 1);
  if (value >= -32768n && value <= 32767n) return sized(0xc0, 2);
  if (value >= -(2n ** 23n) && value < 2n ** 23n) return sized(0xf0, 3);
  if (value >= -(2n ** 31n) && value < 2n ** 31n) return sized(0xd0, 4);
  return sized(0xe0, 8);
}

/** A zipmap (Redis ≤ 2.4 small hashes): zmlen, then len key len free value, 0xFF. */
function zipmap(pairs: readonly [string, string][]): Buffer {
  const pieces = pairs.map(([field, value]) =>
    Buffer.concat([Buffer.from([field.length]), Buffer.from(field), Buffer.from([value.length, 2]), Buffer.from(value), Buffer.from('..')]),
  );
  return Buffer.concat([Buffer.from([pairs.length]), ...pieces, Buffer.from([0xff])]);
}

function u32le(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

/** Builds an RDB body by hand; `write` gets the output after the magic. */
function rdb(version: string, write: (out: RdbOutput) => void): Buffer {
  const chunks: Buffer[] = [Buffer.from(`REDIS${version}`)];
  const out = new RdbOutput((chunk) => chunks.push(chunk));
  write(out);
  out.flush();
  return Buffer.concat(chunks);
}

function blob(out: RdbOutput, type: number, key: string, bytes: Buffer): void {
  out.byte(type);
  out.string(key);
  out.length(bytes.length);
  out.bytes(bytes);
}

/** The keys decoded, values as containers (a small collection arrives packed, as the keyspace stores it). */
function keysOf(parts: readonly RdbPart[]): Map<string, RdbKey> {
  return new Map(parts.flatMap((part) => (part.kind === 'key' ? [[part.entry.key, { ...part.entry, value: unpacked(part.entry.value) }] as const] : [])));
}

function decode(bytes: Buffer): RdbPart[] {
  const decoder = new RdbDecoder();
  return [...decoder.push(bytes), ...decoder.end()];
}

describe('RDB encodings of older Redis versions', () => {
  const file = rdb('0004', (out) => {
    out.byte(254);
    out.length(2);
    out.byte(253); // EXPIRETIME in seconds, int32 LE
    out.bytes(u32le(2_000_000_000));
    out.byte(0);
    out.string('old-expiry');
    out.string('v');
    blob(
      out,
      9,
      'zipmap',
      zipmap([
        ['name', 'ada'],
        ['lang', 'c'],
      ]),
    );
    blob(out, 10, 'ziplist-list', ziplist(['a', 7, -100, 1000, -70000, 3_000_000_000n, -(2n ** 63n), 'x'.repeat(100), 'y'.repeat(20000)]));
    blob(out, 12, 'ziplist-zset', ziplist(['low', '-inf', 'a', '1.5', 'b', 2]));
    blob(out, 13, 'ziplist-hash', ziplist(['f', 'v', 'n', 12]));
    out.byte(14);
    out.string('quicklist');
    out.length(2);
    for (const node of [ziplist(['1', '2']), ziplist(['3'])]) {
      out.length(node.length);
      out.bytes(node);
    }
    out.byte(3); // ZSET with text scores
    out.string('text-zset');
    out.length(3);
    for (const [member, score] of [
      ['m', '2.5'],
      ['inf', null],
      ['neg', '-3'],
    ] as const) {
      out.string(member);
      if (score === null) out.byte(254);
      else {
        out.byte(score.length);
        out.bytes(Buffer.from(score));
      }
    }
    out.byte(1);
    out.string('empty-list'); // Redis skips empty collections
    out.length(0);
    out.byte(255); // version 4: no checksum
  });

  it('decodes zipmap, ziplists (every integer width), quicklist 1, text-score ZSET, EXPIRETIME in seconds, without a checksum', () => {
    const parts = decode(file);
    expect(parts.at(-1)).toEqual({ kind: 'end', checksum: null });
    const keys = keysOf(parts);
    const stored = new Map(parts.flatMap((part) => (part.kind === 'key' ? [[part.entry.key, part.entry.value] as const] : [])));
    // Small lists and hashes come out packed; a list with a 20000-byte element as its container.
    expect([stored.get('zipmap'), stored.get('ziplist-hash'), stored.get('quicklist')].every((value) => value instanceof PackedCollection)).toBe(true);
    expect(Array.isArray(stored.get('ziplist-list'))).toBe(true);
    expect(keys.get('old-expiry')).toEqual({ db: 2, key: 'old-expiry', type: 'string', value: 'v', expiresAt: 2_000_000_000_000 });
    expect(keys.get('zipmap')?.value).toEqual(
      new Map([
        ['name', 'ada'],
        ['lang', 'c'],
      ]),
    );
    expect(keys.get('ziplist-list')?.value).toEqual(['a', '7', '-100', '1000', '-70000', '3000000000', '-9223372036854775808', 'x'.repeat(100), 'y'.repeat(20000)]);
    expect([...(keys.get('ziplist-zset')?.value as SortedSet).entries()]).toEqual([
      ['low', -Infinity],
      ['a', 1.5],
      ['b', 2],
    ]);
    expect(keys.get('ziplist-hash')?.value).toEqual(
      new Map([
        ['f', 'v'],
        ['n', '12'],
      ]),
    );
    expect(keys.get('quicklist')?.value).toEqual(['1', '2', '3']);
    expect([...(keys.get('text-zset')?.value as SortedSet).entries()]).toEqual([
      ['m', 2.5],
      ['inf', Infinity],
      ['neg', -3],
    ]);
    expect(keys.has('empty-list')).toBe(false);
  });

  it('decodes the hand-built file split at every boundary the same way', () => {
    const whole = JSON.stringify(decode(file).map((part) => (part.kind === 'key' ? part.entry.key : part.kind)));
    for (let cut = 1; cut < file.length; cut += 7) {
      const decoder = new RdbDecoder();
      const parts = [...decoder.push(file.subarray(0, cut)), ...decoder.push(file.subarray(cut)), ...decoder.end()];
      expect(JSON.stringify(parts.map((part) => (part.kind === 'key' ? part.entry.key : part.kind)))).toBe(whole);
    }
  });
});

describe('types forkless cannot hold are refused, never skipped', () => {
  const cases: [string, number, string][] = [
    ['stream', 15, 'stream'],
    ['stream (7.0)', 19, 'stream'],
    ['module', 7, 'module'],
    ['module aux opcode', 247, 'module aux data'],
    ['function library opcode', 245, 'function library'],
    ['hash with field expiry', 22, 'hash with field expiry (metadata)'],
  ];
  it.each(cases)('%s: FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE naming it, at its offset', (_, code, name) => {
    const file = rdb('0009', (out) => {
      out.byte(0);
      out.string('before');
      out.string('v');
      out.byte(code);
      out.string('payload-that-is-never-read');
    });
    let error: unknown = null;
    try {
      decode(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ForklessError);
    expect((error as ForklessError).code).toBe('FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE');
    expect((error as ForklessError).details).toMatchObject({ type: name, typeCode: code, offset: 9 + 10 });
    expect((error as ForklessError).message).toContain(name);
  });

  it('an unknown type byte is FORKLESS_ERR_SNAPSHOT_RECORD', () => {
    const file = rdb('0009', (out) => (out.byte(100), out.string('k')));
    expect(() => decode(file)).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_SNAPSHOT_RECORD', details: { offset: 9 } }));
  });

  it('a version beyond 12 is FORKLESS_ERR_SNAPSHOT_VERSION, no digits after REDIS is FORKLESS_ERR_SNAPSHOT_MAGIC', () => {
    expect(() => decode(Buffer.from('REDIS0013\xff'))).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_SNAPSHOT_VERSION' }));
    expect(() => decode(Buffer.from('REDISabcd\xff'))).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_SNAPSHOT_MAGIC' }));
    expect(() => decode(Buffer.from('REDIX'))).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_SNAPSHOT_MAGIC' }));
  });
});
