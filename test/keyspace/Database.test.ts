import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { keyHashSlot, SLOT_COUNT } from '../../lib/keyspace/keyHashSlot.js';

describe('keyHashSlot', () => {
  it.each([
    ['hello', 866],
    ['{user1000}.following', 3443],
    ['foo{bar}{zap}', 5061],
    ['foo{{bar}}', 4015],
    ['{}', 15257],
    ['a{b', 13340],
    ['foo{}{bar}', 8363],
  ])('%s → %i, as CLUSTER KEYSLOT of Redis 7.0 answers', (key, slot) => {
    expect(keyHashSlot(key)).toBe(slot);
  });

  it('hashes bytes: a binary key and its latin1 byte string agree, and every slot is in range', () => {
    for (let byte = 0; byte < 256; byte++) expect(keyHashSlot(String.fromCharCode(byte, 255 - byte))).toBeLessThan(SLOT_COUNT);
  });
});

describe('Database: keys per hash slot', () => {
  it('counts and lists the keys of one slot', () => {
    const ks = new Keyspace();
    for (let index = 0; index < 50; index++) ks.execute(['SET', `{tag}${index}`, 'v']);
    ks.execute(['SET', 'other', 'v']);
    const database = ks.databases[0]!;
    const slot = keyHashSlot('tag');
    expect(database.countInSlot(slot)).toBe(50);
    expect([...database.slot(slot)!.keys()]).toHaveLength(50);
    expect(database.size).toBe(51);
    ks.execute(['DEL', '{tag}1']);
    expect(database.countInSlot(slot)).toBe(49);
  });

  it('hidden slots stay readable by key but are out of KEYS, SCAN, RANDOMKEY and DBSIZE until revealed', () => {
    const ks = new Keyspace();
    ks.execute(['SET', '{a}visible', '1']);
    ks.execute(['SET', '{b}staged', '2']);
    const database = ks.databases[0]!;
    database.hideSlots(keyHashSlot('b'), keyHashSlot('b'));
    ks.execute(['SET', '{b}staged2', '3']);
    expect(ks.execute(['DBSIZE'])).toBe(1);
    expect(ks.execute(['KEYS', '*'])).toEqual(['{a}visible']);
    expect((ks.execute(['SCAN', '0', 'COUNT', '100']) as [string, string[]])[1]).toEqual(['{a}visible']);
    for (let attempt = 0; attempt < 20; attempt++) expect(ks.execute(['RANDOMKEY'])).toBe('{a}visible');
    expect(ks.execute(['GET', '{b}staged2'])).toBe('3');
    ks.execute(['DEL', '{b}staged']);
    database.revealSlots(keyHashSlot('b'), keyHashSlot('b'));
    expect(ks.execute(['DBSIZE'])).toBe(2);
    expect((ks.execute(['KEYS', '*']) as string[]).sort()).toEqual(['{a}visible', '{b}staged2']);
  });

  it('DBSIZE counts the keys outside hidden slots through any mix of writes, hides and reveals of ranges (property, seeded)', () => {
    // Keys of 8 tags spread over slots; ranges cut across them, so reveals are sometimes partial.
    const tags = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const slotOf = new Map(tags.map((tag) => [tag, keyHashSlot(tag)]));
    const step = fc.oneof(
      fc.record({ op: fc.constantFrom('set' as const, 'del' as const), tag: fc.constantFrom(...tags), index: fc.nat(3) }),
      fc.record({ op: fc.constantFrom('hide' as const, 'reveal' as const), start: fc.nat(SLOT_COUNT - 1), length: fc.nat(SLOT_COUNT / 2) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const ks = new Keyspace();
        const database = ks.databases[0]!;
        const keys = new Set<string>();
        const hidden = new Set<number>();
        for (const change of steps) {
          if (!('start' in change)) {
            const key = `{${change.tag}}${change.index}`;
            ks.execute(change.op === 'set' ? ['SET', key, 'v'] : ['DEL', key]);
            if (change.op === 'set') keys.add(key);
            else keys.delete(key);
          } else {
            const end = Math.min(SLOT_COUNT - 1, change.start + change.length);
            if (change.op === 'hide') database.hideSlots(change.start, end);
            else database.revealSlots(change.start, end);
            for (let slot = change.start; slot <= end; slot++) {
              if (change.op === 'hide') hidden.add(slot);
              else hidden.delete(slot);
            }
          }
          const visible = [...keys].filter((key) => !hidden.has(slotOf.get(key.slice(1, 2))!));
          expect(ks.execute(['DBSIZE'])).toBe(visible.length);
          for (const tag of tags) expect(database.isHidden(slotOf.get(tag)!)).toBe(hidden.has(slotOf.get(tag)!));
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('SCAN walks whole slots: every key present throughout is returned exactly once', () => {
    const ks = new Keyspace();
    for (let index = 0; index < 500; index++) ks.execute(['SET', `k${index}`, 'v']);
    const seen: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = ks.execute(['SCAN', cursor, 'COUNT', '7']) as [string, string[]];
      seen.push(...keys);
      // Writers in between: new keys and deletions of keys not in the original 500.
      ks.execute(['SET', `new${cursor}`, 'v']);
      cursor = next;
    } while (cursor !== '0');
    const original = seen.filter((key) => key.startsWith('k'));
    expect(new Set(original).size).toBe(original.length);
    expect(original).toHaveLength(500);
  });
});
