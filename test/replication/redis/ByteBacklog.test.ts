import { describe, expect, it } from 'vitest';
import { ByteBacklog } from '../../../lib/replication/redis/ByteBacklog.js';

describe('ByteBacklog', () => {
  it('keeps the last `size` bytes by stream offset and answers what a replica at offset X continues with', () => {
    const backlog = new ByteBacklog(10, 100);
    expect([backlog.end, backlog.length, backlog.firstByteOffset]).toEqual([100, 0, 101]);
    expect(backlog.covers(100)).toBe(true);
    expect(backlog.bytesAfter(100).length).toBe(0);
    backlog.append(Buffer.from('abcdef'));
    backlog.append(Buffer.from('ghijkl'));
    expect([backlog.end, backlog.length, backlog.firstByteOffset]).toEqual([112, 10, 103]);
    expect(backlog.covers(101)).toBe(false);
    expect(backlog.covers(102)).toBe(true);
    expect(backlog.bytesAfter(102).toString()).toBe('cdefghijkl');
    expect(backlog.bytesAfter(109).toString()).toBe('jkl');
    expect(backlog.covers(113)).toBe(false);
  });

  it('drops whole chunks and trims the oldest one, whatever the chunk sizes', () => {
    const backlog = new ByteBacklog(7, 0);
    const all: string[] = [];
    for (let index = 0; index < 50; index++) {
      const chunk = String.fromCharCode(97 + (index % 26)).repeat(1 + (index % 4));
      all.push(chunk);
      backlog.append(Buffer.from(chunk));
      const text = all.join('');
      expect(backlog.bytesAfter(backlog.firstByteOffset - 1).toString()).toBe(text.slice(-7));
      expect(backlog.end).toBe(text.length);
    }
  });

  it('reset starts a new history at the given offset', () => {
    const backlog = new ByteBacklog(16, 0);
    backlog.append(Buffer.from('abc'));
    backlog.reset(3);
    expect([backlog.length, backlog.covers(0), backlog.covers(3)]).toEqual([0, false, true]);
  });

  it('resize: shrinking keeps the newest bytes (a replica at an offset now dropped cannot continue), growing keeps everything', () => {
    const backlog = new ByteBacklog(12, 0);
    for (const chunk of ['abcd', 'efgh', 'ijkl']) backlog.append(Buffer.from(chunk));
    backlog.resize(5);
    expect([backlog.size, backlog.length, backlog.firstByteOffset, backlog.end]).toEqual([5, 5, 8, 12]);
    expect(backlog.bytesAfter(7).toString()).toBe('hijkl');
    expect([backlog.covers(6), backlog.covers(7)]).toEqual([false, true]);
    backlog.resize(100);
    backlog.append(Buffer.from('mnop'));
    expect(backlog.bytesAfter(7).toString()).toBe('hijklmnop');
    new ByteBacklog(4, 0).resize(2); // empty: nothing to drop
  });
});
