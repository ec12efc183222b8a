import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';

const NOW = 1_000;

/** A keyspace built by running `commands` (argv, db) in order. */
function build(commands: [string[], number?][]): Keyspace {
  const ks = new Keyspace({ clock: () => NOW });
  for (const [argv, db] of commands) ks.execute(argv, { db: db ?? 0 });
  return ks;
}

const base: [string[], number?][] = [
  [['SET', 's', 'v']],
  [['HSET', 'h', 'f1', 'a', 'f2', 'b']],
  [['RPUSH', 'l', 'x', 'y']],
  [['SADD', 'set', 'm1', 'm2']],
  [['ZADD', 'z', '1', 'a', '2', 'b']],
  [['SET', 'other', 'w'], 1],
];

describe('digest', () => {
  it('is independent of key insertion order and of element order inside unordered types', () => {
    const reordered = build([
      [['SET', 'other', 'w'], 1],
      [['ZADD', 'z', '2', 'b', '1', 'a']],
      [['SADD', 'set', 'm2', 'm1']],
      [['RPUSH', 'l', 'x', 'y']],
      [['HSET', 'h', 'f2', 'b', 'f1', 'a']],
      [['SET', 's', 'v']],
    ]);
    expect(reordered.digest()).toBe(build(base).digest());
  });

  it('is identical for an empty keyspace and one whose keys were all deleted', () => {
    const emptied = build(base);
    emptied.execute(['FLUSHALL']);
    expect(emptied.digest()).toBe(new Keyspace({ clock: () => NOW }).digest());
  });

  const variants: [string, [string[], number?][]][] = [
    ['database', [...base.slice(0, 5), [['SET', 'other', 'w'], 2]]],
    ['key name', [[['SET', 's2', 'v']], ...base.slice(1)]],
    ['type', [[['RPUSH', 's', 'v']], ...base.slice(1)]],
    ['string value', [[['SET', 's', 'V']], ...base.slice(1)]],
    ['hash value', [base[0]!, [['HSET', 'h', 'f1', 'a', 'f2', 'c']], ...base.slice(2)]],
    ['hash field', [base[0]!, [['HSET', 'h', 'f1', 'a', 'f3', 'b']], ...base.slice(2)]],
    ['list order', [...base.slice(0, 2), [['RPUSH', 'l', 'y', 'x']], ...base.slice(3)]],
    ['set member', [...base.slice(0, 3), [['SADD', 'set', 'm1', 'm3']], ...base.slice(4)]],
    ['score', [...base.slice(0, 4), [['ZADD', 'z', '1', 'a', '3', 'b']], base[5]!]],
    ['expiry present', [...base, [['PEXPIREAT', 's', '5000']]]],
  ];

  it.each(variants)('changes with the %s', (_, commands) => {
    expect(build(commands).digest()).not.toBe(build(base).digest());
  });

  it('changes with the expiry time, and ignores keys already expired', () => {
    const first = build([...base, [['PEXPIREAT', 's', '5000']]]);
    const second = build([...base, [['PEXPIREAT', 's', '5001']]]);
    expect(first.digest()).not.toBe(second.digest());
    let now = NOW;
    const expiring = new Keyspace({ clock: () => now });
    const plain = new Keyspace({ clock: () => now });
    expiring.execute(['SET', 'gone', 'v', 'PXAT', '1500']);
    now = 1501;
    expect(expiring.digest()).toBe(plain.digest());
  });
});
