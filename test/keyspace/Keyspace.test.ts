import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { KeyspaceListener } from '../../lib/keyspace/KeyspaceListener.js';
import { ReplyError } from '../../lib/keyspace/ReplyError.js';

describe('Keyspace basics', () => {
  it('stores strings with a TTL and expires them on the injected clock', () => {
    let now = 1_000_000;
    const ks = new Keyspace({ clock: () => now });
    expect(ks.execute(['SET', 'a', 'héllo', 'EX', '10'])).toBe('OK');
    expect(ks.execute(['GET', 'a'])).toBe('héllo');
    expect(ks.execute(['TTL', 'a'])).toBe(10);
    now += 10_001;
    expect(ks.execute(['GET', 'a'])).toBeNull();
    expect(ks.dbsize()).toBe(0);
  });

  it('rejects unknown commands and wrong arity with Valkey texts, leaving state unchanged', () => {
    const ks = new Keyspace();
    ks.execute(['SET', 'a', 'x']);
    const before = ks.digest();
    expect(() => ks.execute(['FOO', 'a'])).toThrow(new ReplyError("ERR unknown command 'FOO', with args beginning with: 'a' "));
    expect(() => ks.execute(['GET'])).toThrow(new ReplyError("ERR wrong number of arguments for 'get' command"));
    expect(() => ks.execute(['INCR', 'a'])).toThrow(new ReplyError('ERR value is not an integer or out of range'));
    expect(ks.digest()).toBe(before);
  });

  it('propagates relative expiry as absolute PXAT so a replay is identical', () => {
    const now = 5_000;
    const leader = new Keyspace({ clock: () => now });
    const replica = new Keyspace({ clock: () => now });
    leader.replication$.subscribe((record) => replica.execute(record.argv, { db: record.db, replicated: true }));
    leader.execute(['SET', 'a', 'v', 'PX', '500']);
    leader.execute(['INCRBYFLOAT', 'f', '1.5']);
    expect(replica.digest()).toBe(leader.digest());
    expect(replica.execute(['PTTL', 'a'])).toBe(500);
  });
});

describe('Keyspace.observe', () => {
  /** A listener recording the calls it gets as `name:event` (key changes with their key). */
  function recorder(name: string, calls: string[], onSettle: () => void = () => {}): KeyspaceListener<null> {
    return {
      beginWrite: (write) => (calls.push(`${name}:begin ${write.name}`), null),
      beforeKeyChange: (_decision, _database, key) => void calls.push(`${name}:change ${key}`),
      swapped: () => {},
      flushed: () => {},
      propagated: () => {},
      endWrite: () => void calls.push(`${name}:end`),
      settle: () => (calls.push(`${name}:settle`), onSettle()),
    };
  }

  it('registers a listener once however often it observes, and one call stops it', () => {
    const ks = new Keyspace();
    const calls: string[] = [];
    const listener = recorder('a', calls);
    const stop = ks.observe(listener);
    ks.observe(listener);
    ks.execute(['SET', 'k', 'v']);
    expect(calls).toEqual(['a:begin set', 'a:change k', 'a:end', 'a:settle']);
    stop();
    ks.execute(['SET', 'k', 'w']);
    expect(calls).toHaveLength(4);
  });

  it('lets a write finish with the listeners it began with: one that leaves or joins meanwhile changes the next write', () => {
    const ks = new Keyspace();
    const calls: string[] = [];
    let stopFirst = () => {};
    // The first listener leaves while the write settles, and brings in a third one.
    stopFirst = ks.observe(recorder('a', calls, () => (stopFirst(), ks.observe(recorder('c', calls)))));
    ks.observe(recorder('b', calls));
    ks.execute(['DEL', 'k']);
    ks.execute(['SET', 'k', 'v']);
    expect(calls).toEqual([
      ...['a:begin del', 'b:begin del', 'a:end', 'b:end', 'a:settle', 'b:settle'],
      ...['b:begin set', 'c:begin set', 'b:change k', 'c:change k', 'b:end', 'c:end', 'b:settle', 'c:settle'],
    ]);
  });
});
