import { describe, expect, it } from 'vitest';
import { entryCommands } from '../../lib/cluster/entryCommands.js';
import type { EntryItem } from '../../lib/keyspace/IterationItem.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import type { Value, ValueType } from '../../lib/keyspace/Value.js';
import { dumpKeyspace } from '../support/dumpKeyspace.js';

const entry = (type: ValueType, value: Value, expiresAt: number | null = null): EntryItem => ({ kind: 'entry', db: 0, key: 'k', type, value, expiresAt });

describe('entryCommands: a key as ordinary write commands', () => {
  it('chunks collections, splits big strings, sends TTLs as PEXPIREAT', () => {
    expect(entryCommands(entry('list', ['a', 'b', 'c'], 99), 2)).toEqual([
      ['DEL', 'k'],
      ['RPUSH', 'k', 'a', 'b'],
      ['RPUSH', 'k', 'c'],
      ['PEXPIREAT', 'k', '99'],
    ]);
    expect(
      entryCommands(
        entry(
          'hash',
          new Map([
            ['f', 'v'],
            ['g', 'w'],
            ['h', 'x'],
          ]),
        ),
        2,
      ),
    ).toEqual([
      ['DEL', 'k'],
      ['HSET', 'k', 'f', 'v', 'g', 'w'],
      ['HSET', 'k', 'h', 'x'],
    ]);
    const big = 'x'.repeat(65536 * 2 + 1);
    expect(entryCommands(entry('string', big), 10).map((argv) => [argv[0], argv[2]?.length])).toEqual([
      ['SET', 65536],
      ['APPEND', 65536],
      ['APPEND', 1],
    ]);
    expect(entryCommands(entry('string', ''), 10)).toEqual([['SET', 'k', '']]);
  });

  it('rebuilds every type byte for byte, scores as exact doubles (replayed on a keyspace)', () => {
    const values: [ValueType, Value][] = [
      ['string', 'v\x00\xff'],
      ['list', ['a', 'b', 'a']],
      ['set', new Set(['x', 'y', 'z'])],
      [
        'hash',
        new Map([
          ['f', '1'],
          ['g', '\xff'],
        ]),
      ],
      [
        'zset',
        SortedSet.from([
          ['m', 0.1],
          ['n', -Infinity],
          ['o', 1e300],
          ['p', -0],
          ['q', 5e-324],
        ]),
      ],
    ];
    for (const [type, value] of values) {
      const source = new Keyspace();
      source.restore(0, 'k', type, value, 4_102_444_800_000);
      const target = new Keyspace();
      for (const argv of entryCommands(entry(type, value, 4_102_444_800_000), 2))
        target.execute(
          argv.map((argument) => Buffer.from(argument, 'latin1')),
          { replicated: true },
        );
      expect(dumpKeyspace(target)).toEqual(dumpKeyspace(source));
    }
  });
});
