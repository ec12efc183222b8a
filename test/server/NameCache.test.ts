import { describe, expect, it } from 'vitest';
import { NameCache } from '../../lib/server/NameCache.js';

describe('NameCache', () => {
  it('reads the bytes of any name, binary and long ones included', () => {
    const names = new NameCache();
    const bytes = Buffer.from('SETget\x00\xffx', 'latin1');
    expect(names.read(bytes, 0, 3)).toBe('SET');
    expect(names.read(bytes, 3, 6)).toBe('get');
    expect(names.read(bytes, 6, 8)).toBe('\x00\xff');
    expect(names.read(bytes, 0, 0)).toBe('');
    const long = Buffer.from('x'.repeat(100));
    expect(names.read(long, 0, 100)).toBe('x'.repeat(100));
  });

  it('gives the same string for a name spelled again, and the right one when names share a slot', () => {
    const names = new NameCache();
    const first = names.read(Buffer.from('SET'), 0, 3);
    expect(names.read(Buffer.from('xSETx'), 1, 4)).toBe(first);
    // Every 3-byte name from S?T shares the first and last byte, so most share slots: each still reads right.
    for (let code = 0; code < 256; code++) {
      const name = `S${String.fromCharCode(code)}T`;
      expect(names.read(Buffer.from(name, 'latin1'), 0, 3)).toBe(name);
      expect(names.read(Buffer.from(`set`), 0, 3)).toBe('set');
    }
  });
});
