import { describe, expect, it } from 'vitest';
import { RdbReader } from '../../lib/keyspace/dump/RdbReader.js';
import { RdbItemDecoder } from '../../lib/rdb/RdbItemDecoder.js';

/** The magic, then SELECTDB 2, then the string key "k" = "v". */
const bytes = Buffer.concat([Buffer.from('REDIS0009'), Buffer.from([254, 2, 0, 1, 0x6b, 1, 0x76])]);

describe('RdbItemDecoder', () => {
  it('reads items the buffer holds whole, giving file offsets from where the caller says the buffer starts', () => {
    const items = new RdbItemDecoder(16);
    items.begin(1000, 0);
    const reader = new RdbReader(bytes);
    expect(items.itemEnd(bytes, 0)).toBe(9);
    expect(items.read(reader, bytes)).toEqual({ kind: 'header', version: 9 });
    expect(items.itemEnd(bytes, 9)).toBe(11);
    expect(items.read(reader, bytes)).toBeNull(); // SELECTDB
    expect(items.itemEnd(bytes, 11)).toBe(bytes.length);
    expect(items.read(reader, bytes)).toEqual({ kind: 'key', entry: { db: 2, key: 'k', type: 'string', value: 'v', expiresAt: null }, offset: 1011, encoding: 0 });
    expect(items.stage).toBe('body');
    expect(items.offsetOf(reader.position)).toBe(1000 + bytes.length);
  });

  it('reports a database beyond its limit at the file offset of the SELECTDB', () => {
    const items = new RdbItemDecoder(2);
    items.begin(500, 0);
    const reader = new RdbReader(bytes);
    items.read(reader, bytes);
    expect(() => items.read(reader, bytes)).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_SNAPSHOT_DATABASES', details: expect.objectContaining({ offset: 509 }) }));
  });
});
