import { describe, expect, it } from 'vitest';
import { activeExpiryCycle } from '../../lib/keyspace/activeExpiry.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';

describe('a read-only replica keyspace', () => {
  it("refuses client writes with Valkey's READONLY error, state unchanged, reads served", () => {
    const replica = new Keyspace({ replica: true });
    replica.execute(['SET', 'k', 'v'], { replicated: true });
    const before = replica.digest();
    expect(() => replica.execute(['SET', 'k', 'other'])).toThrow(new ReplyError("READONLY You can't write against a read only replica."));
    expect(() => replica.execute(['FLUSHALL'])).toThrow(/^READONLY/);
    expect(replica.execute(['GET', 'k'])).toBe('v');
    expect(replica.digest()).toBe(before);
  });

  it('hides an expired key from reads without deleting it or propagating anything; the leader DEL removes it', () => {
    let now = 1_000;
    const replica = new Keyspace({ replica: true, clock: () => now });
    const propagated: unknown[] = [];
    replica.replication$.subscribe((record) => propagated.push(record.argv));
    replica.execute(['SET', 'k', 'v', 'PXAT', '1005'], { replicated: true });
    propagated.length = 0;
    now = 1_010;
    expect(replica.execute(['GET', 'k'])).toBeNull();
    expect(replica.execute(['EXISTS', 'k'])).toBe(0);
    expect(activeExpiryCycle(replica)(100)).toBe(0);
    expect(replica.dbsize()).toBe(1); // still there, waiting for the leader
    expect(propagated).toEqual([]);
    replica.execute(['DEL', 'k'], { replicated: true });
    expect(replica.dbsize()).toBe(0);
  });

  it('applies iteration items and replicated commands, and becomes writable when promoted', () => {
    const replica = new Keyspace({ replica: true });
    replica.apply({ kind: 'entry', db: 0, key: 'a', type: 'string', value: '1', expiresAt: null });
    replica.apply({ kind: 'command', db: 0, argv: ['INCR', 'a'], offset: 1 });
    expect(replica.execute(['GET', 'a'])).toBe('2');
    replica.replica = false;
    expect(replica.execute(['INCR', 'a'])).toBe(3);
  });
});
