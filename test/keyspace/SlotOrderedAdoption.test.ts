import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { KeyspaceListener } from '../../lib/keyspace/KeyspaceListener.js';
import { SlotOrderedAdoption } from '../../lib/keyspace/SlotOrderedAdoption.js';

interface Entry {
  readonly db: number;
  readonly key: string;
  readonly value: string;
  readonly expiresAt: number | null;
}

const DATABASES = 3;

/** Few distinct keys (duplicates happen), `{tag}`s so that several share a slot. */
const entry: fc.Arbitrary<Entry> = fc.record({
  db: fc.integer({ min: 0, max: DATABASES - 1 }),
  key: fc.tuple(fc.constantFrom('', '{a}', '{b}'), fc.integer({ min: 0, max: 40 })).map(([tag, id]) => `${tag}k${id}`),
  value: fc.string({ maxLength: 3 }),
  expiresAt: fc.option(fc.integer({ min: 1, max: 1e13 }), { nil: null }),
});

/** Every database's slots as [slot, [key, value, expiry] in map order]: what the order of adoption decides. */
function layout(keyspace: Keyspace): unknown[] {
  return keyspace.databases.map((database) => {
    const slots: unknown[] = [];
    for (let slot = database.nextSlot(0); slot < 16384; slot = database.nextSlot(slot + 1)) {
      slots.push([slot, [...database.slot(slot)!].map(([key, value]) => [key, value, database.expiryOf(key)])]);
    }
    return slots;
  });
}

/** A keyspace whose write path is watched, or not: a listener (an iteration) sends adoptions through write scopes. */
function keyspaceFor(watched: boolean, changed = new Set<string>()): Keyspace {
  const keyspace = new Keyspace({ databases: DATABASES });
  if (!watched) return keyspace;
  const listener: KeyspaceListener<null> = {
    beginWrite: () => null,
    beforeKeyChange: (_decision, database, key) => void changed.add(`${database.index}/${key}`),
    swapped: () => {},
    flushed: () => {},
    propagated: () => {},
    endWrite: () => {},
    settle: () => {},
  };
  keyspace.observe(listener);
  return keyspace;
}

describe.each([false, true])('SlotOrderedAdoption (write path watched: %s)', (watched) => {
  it('leaves the keyspace exactly as adopting in file order does, per-slot map order included (property, seeded)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 120 }), fc.integer({ min: 1, max: 9 }), (entries, batch) => {
        const direct = new Keyspace({ databases: DATABASES });
        for (const { db, key, value, expiresAt } of entries) direct.adopt(db, key, 'string', value, expiresAt);
        const changed = new Set<string>();
        const sorted = keyspaceFor(watched, changed);
        const adoption = new SlotOrderedAdoption(sorted, null, batch);
        entries.forEach(({ db, key, value, expiresAt }, offset) => adoption.add(db, key, 'string', value, expiresAt, offset));
        adoption.flush();
        expect(layout(sorted)).toEqual(layout(direct));
        // A listener sees every adopted key change.
        expect(changed).toEqual(new Set(watched ? entries.map(({ db, key }) => `${db}/${key}`) : []));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('reports every later copy of a key in its database, with its offset and database (property, seeded)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 120 }), fc.integer({ min: 1, max: 9 }), (entries, batch) => {
        const seen = new Set<string>();
        const expected: [number, number][] = [];
        entries.forEach(({ db, key }, offset) => {
          if (seen.has(`${db}/${key}`)) expected.push([offset, db]);
          seen.add(`${db}/${key}`);
        });
        const reported: [number, number][] = [];
        const adoption = new SlotOrderedAdoption(keyspaceFor(watched), (offset, db) => reported.push([offset, db]), batch);
        entries.forEach(({ db, key, value, expiresAt }, offset) => adoption.add(db, key, 'string', value, expiresAt, offset));
        adoption.flush();
        expect(reported.sort((a, b) => a[0] - b[0])).toEqual(expected);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('rejects a value of another type than the one given when it is staged, before any adoption', () => {
    const keyspace = keyspaceFor(watched);
    const adoption = new SlotOrderedAdoption(keyspace, null, 4);
    adoption.add(0, 'a', 'string', 'v', null, 0);
    expect(() => adoption.add(0, 'b', 'hash', 'v', null, 1)).toThrow(expect.objectContaining({ code: 'FORKLESS_ERR_INVALID_OPTION' }));
    expect(keyspace.dbsize()).toBe(0);
  });

  it('adopts a batch as soon as it is full, slot by slot; flush adopts the rest', () => {
    const keyspace = new Keyspace();
    const adoption = new SlotOrderedAdoption(keyspace, null, 3);
    const keys = ['a', 'b', 'c', 'd'];
    keys.forEach((key, offset) => adoption.add(0, key, 'string', `v${key}`, null, offset));
    // Three adopted by the full batch, in slot order; the fourth still staged.
    expect(keyspace.dbsize()).toBe(3);
    const slots = keys.slice(0, 3).map(keyHashSlot);
    expect([...keyspace.databases[0]!.keys()]).toEqual(keys.slice(0, 3).sort((x, y) => keyHashSlot(x) - keyHashSlot(y)));
    expect(new Set(slots).size).toBe(3);
    adoption.flush();
    expect(keyspace.execute(['GET', 'd'])).toBe('vd');
  });
});
