import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Comparable } from '../support/replyComparison.js';
import { RedisComparison } from '../support/redisComparison.js';

/** A command and, where the case pins it, the reply both sides must give. */
type Case = [argv: string[], expected?: Comparable];

describe('tricky Redis 7.0 semantics, pinned and checked against redis-server', () => {
  let sides: RedisComparison;

  beforeAll(async () => {
    sides = await RedisComparison.start();
  });
  afterAll(async () => {
    await sides?.stop();
  });
  beforeEach(async () => {
    await sides.reset();
  });

  async function run(cases: readonly Case[]): Promise<void> {
    for (const [argv, expected] of cases) {
      const [redisReply, localReply] = await sides.both(argv);
      expect({ argv, reply: localReply }).toEqual({ argv, reply: redisReply });
      if (expected !== undefined) expect({ argv, reply: localReply }).toEqual({ argv, reply: expected });
    }
  }

  it('BITFIELD overflow modes: WRAP, SAT and FAIL for signed and unsigned fields, SET of out-of-range values', async () => {
    await run([
      [
        ['BITFIELD', 'b', 'SET', 'u8', '0', '250', 'INCRBY', 'u8', '0', '10'],
        [0, 4],
      ],
      [
        ['BITFIELD', 'b', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '300', 'INCRBY', 'u8', '0', '-1000'],
        [255, 0],
      ],
      [
        ['BITFIELD', 'b', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '256', 'GET', 'u8', '0'],
        [null, 0],
      ],
      [
        ['BITFIELD', 'b', 'SET', 'i8', '#1', '127', 'INCRBY', 'i8', '#1', '1'],
        [0, -128],
      ],
      [
        ['BITFIELD', 'b', 'OVERFLOW', 'SAT', 'SET', 'i4', '0', '100', 'SET', 'u4', '4', '-1'],
        [0, 0],
      ],
      [
        ['BITFIELD', 'b', 'GET', 'i4', '0', 'GET', 'u4', '4'],
        [7, 15],
      ],
      [['BITFIELD', 'b', 'OVERFLOW', 'WRAP', 'INCRBY', 'i64', '0', '9223372036854775807']],
      [['BITFIELD', 'grown', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '100', '9'], [null]],
      [['STRLEN', 'grown'], 13],
      [['BITFIELD_RO', 'b', 'SET', 'u8', '0', '1'], { error: 'ERR BITFIELD_RO only supports the GET subcommand' }],
      [['BITFIELD', 'b', 'GET', 'u64', '0']],
      [['BITFIELD', 'b', 'GET', 'i8', '#x']],
    ]);
  });

  it('BITPOS and BITCOUNT edges: clear bits past the end, explicit ends, BIT ranges, empty strings', async () => {
    await run([
      [['SET', 'ones', '\xff\xff\xff']],
      [['BITPOS', 'ones', '0'], 24],
      [['BITPOS', 'ones', '0', '0', '-1'], -1],
      [['BITPOS', 'ones', '1', '2', '1'], -1],
      [['SET', 'mixed', '\x00\xff\xf0']],
      [['BITPOS', 'mixed', '1', '7', '15', 'BIT'], 8],
      [['BITPOS', 'mixed', '0', '8', '19', 'BIT'], -1],
      [['BITPOS', 'mixed', '0', '8', '-1', 'BIT'], 20],
      [['BITPOS', 'missing', '0'], 0],
      [['BITPOS', 'missing', '1'], -1],
      [['SET', 'empty', '']],
      [['BITPOS', 'empty', '0'], -1],
      [['BITCOUNT', 'mixed', '1', '1'], 8],
      [['BITCOUNT', 'mixed', '5', '30', 'BIT'], 12],
      [['BITCOUNT', 'mixed', '-1', '-2'], 0],
      [['BITCOUNT', 'missing', '0'], 0],
      [['BITCOUNT', 'mixed', '0'], { error: 'ERR syntax error' }],
      [['BITOP', 'NOT', 'inverted', 'mixed'], 3],
      [['GET', 'inverted'], '\xff\x00\x0f'],
      [['BITOP', 'AND', 'gone', 'missing', 'missing2'], 0],
    ]);
  });

  it('LCS with IDX, MINMATCHLEN and WITHMATCHLEN reports ranges from the end backwards', async () => {
    await run([
      [['MSET', 'a', 'ohmytext', 'b', 'mynewtext']],
      [['LCS', 'a', 'b'], 'mytext'],
      [['LCS', 'a', 'b', 'LEN'], 6],
      [
        ['LCS', 'a', 'b', 'IDX'],
        [
          'matches',
          [
            [
              [4, 7],
              [5, 8],
            ],
            [
              [2, 3],
              [0, 1],
            ],
          ],
          'len',
          6,
        ],
      ],
      [
        ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
        ['matches', [[[4, 7], [5, 8], 4]], 'len', 6],
      ],
      [['LCS', 'a', 'b', 'IDX', 'LEN'], { error: 'ERR If you want both the length and indexes, please just use IDX.' }],
      [['LCS', 'a', 'nokey'], ''],
    ]);
  });

  it('SORT with BY and GET patterns (hash fields, #), LIMIT, ALPHA, DESC and STORE', async () => {
    await run([
      [['RPUSH', 'ids', '3', '1', '2', '10']],
      [['MSET', 'w_1', '30', 'w_2', '20', 'w_3', '10']],
      [['HSET', 'o_1', 'name', 'one'], undefined],
      [['HSET', 'o_2', 'name', 'two'], undefined],
      [
        ['SORT', 'ids'],
        ['1', '2', '3', '10'],
      ],
      [
        ['SORT', 'ids', 'ALPHA', 'DESC'],
        ['3', '2', '10', '1'],
      ],
      [
        ['SORT', 'ids', 'BY', 'w_*'],
        ['10', '3', '2', '1'],
      ],
      [
        ['SORT', 'ids', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*->name', 'LIMIT', '1', '2'],
        ['3', null, '2', 'two'],
      ],
      [
        ['SORT', 'ids', 'BY', 'nosort', 'DESC', 'LIMIT', '0', '2'],
        ['10', '2'],
      ],
      [['SORT', 'ids', 'BY', 'w_*', 'GET', 'o_*->name', 'STORE', 'names'], 4],
      [
        ['LRANGE', 'names', '0', '-1'],
        ['', '', 'two', 'one'],
      ],
      [['SORT_RO', 'ids', 'STORE', 'x'], { error: 'ERR syntax error' }],
      [['RPUSH', 'words', 'b', 'a']],
      [['SORT', 'words'], { error: "ERR One or more scores can't be converted into double" }],
      [['SORT', 'nokey', 'STORE', 'names'], 0],
      [['EXISTS', 'names'], 0],
    ]);
  });

  it('OBJECT ENCODING follows the thresholds: intset/hashtable, listpack/hashtable, listpack/skiplist, int/embstr/raw', async () => {
    const many = Array.from({ length: 129 }, (_, index) => String(index));
    await run([
      [['SADD', 'ints', '1', '2']],
      [['OBJECT', 'ENCODING', 'ints'], 'intset'],
      [['SADD', 'ints', 'x']],
      [['OBJECT', 'ENCODING', 'ints'], 'hashtable'],
      [['HSET', 'h', 'f', 'v']],
      [['OBJECT', 'ENCODING', 'h'], 'listpack'],
      [['HSET', 'h', 'long', 'v'.repeat(65)]],
      [['OBJECT', 'ENCODING', 'h'], 'hashtable'],
      [['ZADD', 'z', ...many.flatMap((member) => [member, member])]],
      [['OBJECT', 'ENCODING', 'z'], 'skiplist'],
      [['ZADD', 'small', '1', 'a']],
      [['OBJECT', 'ENCODING', 'small'], 'listpack'],
      [['RPUSH', 'l', 'a']],
      [['OBJECT', 'ENCODING', 'l'], 'quicklist'],
      [['SET', 'n', '12345']],
      [['OBJECT', 'ENCODING', 'n'], 'int'],
      [['SET', 'e', 'x'.repeat(44)]],
      [['OBJECT', 'ENCODING', 'e'], 'embstr'],
      [['SET', 'r', 'x'.repeat(45)]],
      [['OBJECT', 'ENCODING', 'r'], 'raw'],
      [['OBJECT', 'REFCOUNT', 'n'], 1],
      [['SET', 'shared', '42']],
      [['OBJECT', 'REFCOUNT', 'shared'], 2147483647],
      [['OBJECT', 'ENCODING', 'nokey'], null],
      [['OBJECT', 'FREQ', 'n']],
    ]);
  });

  it('blocking commands answer at once when there is data and propagate as the command that ran', async () => {
    const records: unknown[] = [];
    const subscription = sides.keyspace.replication$.subscribe(({ argv }) => records.push(argv));
    await run([
      [['RPUSH', 'q', 'a', 'b', 'c']],
      [
        ['BLPOP', 'none', 'q', '0'],
        ['q', 'a'],
      ],
      [['BLMOVE', 'q', 'q2', 'RIGHT', 'LEFT', '0'], 'c'],
      [
        ['BLMPOP', '0', '2', 'none', 'q', 'LEFT', 'COUNT', '5'],
        ['q', ['b']],
      ],
      [['ZADD', 'z', '1', 'a', '2', 'b']],
      [
        ['BZPOPMAX', 'z', '0'],
        ['z', 'b', '2'],
      ],
      [
        ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '3'],
        ['z', [['a', '1']]],
      ],
    ]);
    subscription.unsubscribe();
    expect(records).toEqual([
      ['RPUSH', 'q', 'a', 'b', 'c'],
      ['LPOP', 'q'],
      ['LMOVE', 'q', 'q2', 'RIGHT', 'LEFT'],
      ['LPOP', 'q', '1'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZPOPMAX', 'z'],
      ['ZPOPMIN', 'z', '1'],
    ]);
    // Without data the keyspace gives the timeout reply at once (Redis does so inside MULTI).
    expect(sides.local(['BLPOP', 'none', '0'])).toBeNull();
    expect(sides.local(['BZMPOP', '1', '1', 'none', 'MIN'])).toBeNull();
  });
});
