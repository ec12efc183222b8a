import {
  FAMILY_KEYS,
  float,
  familyKey,
  familyKeys,
  integer,
  item,
  items,
  key,
  keys,
  LEX_BOUNDS,
  lkey,
  optional,
  SCORE_BOUNDS,
  setKey,
  SIDES,
  skey,
  hkey,
  zkey,
  type Generator,
} from './commandPools.js';
import type { SeededRandom } from './SeededRandom.js';

/**
 * Generators for the commands Redis 7.0 added or the keyspace gained in round 2 (bitmaps, LCS,
 * HyperLogLog, LPOS/LMPOP, blocking commands, ZINTER/ZUNION/ZDIFF, SORT, OBJECT, …), malformed
 * variants included.
 */

const pkey = familyKey('hll');
const BIT_OFFSETS = ['0', '1', '7', '8', '9', '15', '33', '100', '-1', 'x', '4294967296', '1.5'];
const BIT_VALUES = ['0', '1', '1', '0', '2', 'x'];
const TIMEOUTS = ['0', '0', '0.5', '1', '-1', 'x', '0.001', '1e3', '-0.0001'];
const FIELD_TYPES = ['u8', 'i8', 'u4', 'i5', 'u1', 'i16', 'u63', 'i64', 'u64', 'x8', 'i0', 'I8', 'u'];
const FIELD_OFFSETS = ['0', '3', '#1', '#2', '10', '-1', 'x', '#-1'];
const SORT_BY = ['s*', 'h*->a', 'h*->1', 'nosort', '#', 'S*', 's*->', 'nosort'];
const SORT_GET = ['#', 's*', 'h*->a', 'h*->b', 'z*', 'nokey', 'h*->'];

const bitOffset = (r: SeededRandom) => r.pick(BIT_OFFSETS);
const timeout = (r: SeededRandom) => r.pick(TIMEOUTS);
const end = (r: SeededRandom) => r.pick(SIDES);
const hllElements = (r: SeededRandom) => (r.chance(0.15) ? Array.from({ length: r.integer(50, 400) }, () => `e${r.integer(0, 5000)}`) : items(r, 0, 4));
/** numkeys and that many keys, sometimes a wrong count. */
function counted(r: SeededRandom, pick: (r: SeededRandom) => string): string[] {
  const count = r.integer(1, 3);
  const numkeys = r.chance(0.9) ? String(count) : r.pick(['0', 'x', '9', '-1']);
  return [numkeys, ...Array.from({ length: count }, () => pick(r))];
}
const zsetOrSetKey = (r: SeededRandom) => (r.chance(0.8) ? zkey(r) : setKey(r));

function bitfieldOperations(r: SeededRandom, readOnly: boolean): string[] {
  const operations: string[] = [];
  for (let count = r.integer(0, 3); count > 0; count--) {
    const kind = readOnly && r.chance(0.9) ? 'GET' : r.pick(['GET', 'SET', 'INCRBY', 'OVERFLOW', 'get', 'BOGUS']);
    if (kind === 'OVERFLOW') operations.push(kind, r.pick(['WRAP', 'SAT', 'FAIL', 'fail', 'bad']));
    else if (kind === 'BOGUS') operations.push(kind);
    else
      operations.push(
        kind,
        r.pick(FIELD_TYPES),
        r.pick(FIELD_OFFSETS),
        ...(kind.toUpperCase() === 'GET' ? [] : [r.chance(0.8) ? String(r.integer(-300, 300)) : r.pick(['x', '9223372036854775807', '-9223372036854775808'])]),
      );
  }
  return operations;
}

function sortArguments(r: SeededRandom, readOnly: boolean): string[] {
  const alpha = r.chance(0.4);
  const by = r.chance(0.5) ? ['BY', r.pick(SORT_BY)] : [];
  // BY without '*' keeps the native order, which for a hash-table set is each server's own.
  const constantBy = by.length > 0 && !by[1]!.includes('*');
  // Ties in ALPHA + BY follow each server's internal order (hash tables, unstable partial sort):
  // only lists, whole, keep that order identical.
  const limitAllowed = !(alpha && by.length > 0 && !constantBy);
  const sortKey = constantBy || (alpha && by.length > 0) ? (r.chance(0.7) ? lkey(r) : r.pick([...FAMILY_KEYS.zset])) : r.pick([lkey(r), setKey(r), zkey(r)]);
  const keyed = constantBy || !(alpha && by.length > 0) ? sortKey : lkey(r);
  const options = [...by, ...(alpha ? ['ALPHA'] : []), ...optional(r, 0.3, r.pick(['DESC', 'ASC', 'desc']))];
  if (limitAllowed && r.chance(0.3)) options.push('LIMIT', integer(r), integer(r));
  for (let count = r.integer(0, 2); count > 0; count--) options.push('GET', r.pick(SORT_GET));
  if (!readOnly && r.chance(0.3)) options.push('STORE', lkey(r));
  if (r.chance(0.04)) options.push(r.pick(['BOGUS', 'LIMIT', 'STORE', 'BY']));
  return [keyed, ...options];
}

function zsetCombineOptions(r: SeededRandom, count: number, weights: boolean, withScores: boolean): string[] {
  const options: string[] = [];
  if (weights && r.chance(0.3)) options.push('WEIGHTS', ...Array.from({ length: r.chance(0.9) ? count : count + 1 }, () => float(r)));
  if (weights && r.chance(0.3)) options.push('AGGREGATE', r.pick(['SUM', 'MIN', 'MAX', 'avg']));
  if (withScores && r.chance(0.4)) options.push('WITHSCORES');
  if (r.chance(0.04)) options.push(r.pick(['WEIGHTS', 'LIMIT', 'WITHSCORES', 'bogus']));
  return options;
}

function combine(r: SeededRandom, name: string, weights: boolean, withScores: boolean): string[] {
  const [numkeys, ...sources] = counted(r, zsetOrSetKey);
  return [name, numkeys!, ...sources, ...zsetCombineOptions(r, sources.length, weights, withScores)];
}

const lexBound = (r: SeededRandom) => r.pick(LEX_BOUNDS);
const scoreBound = (r: SeededRandom) => r.pick(SCORE_BOUNDS);

/** Deterministic commands: replies compared exactly. */
export const REDIS7_DETERMINISTIC: Record<string, Generator> = {
  SETBIT: (r) => ['SETBIT', r.chance(0.9) ? skey(r) : pkey(r), bitOffset(r), r.pick(BIT_VALUES)],
  GETBIT: (r) => ['GETBIT', skey(r), bitOffset(r)],
  BITCOUNT: (r) => ['BITCOUNT', skey(r), ...optional(r, 0.6, integer(r), integer(r)), ...optional(r, 0.3, r.pick(['BYTE', 'BIT', 'bit', 'word']))],
  BITPOS: (r) => [
    'BITPOS',
    skey(r),
    r.pick(['0', '1', '1', '2', 'x']),
    ...r.pick([[], [integer(r)], [integer(r), integer(r)], [integer(r), integer(r), r.pick(['BYTE', 'BIT', 'x'])]]),
  ],
  BITOP: (r) => ['BITOP', r.pick(['AND', 'OR', 'XOR', 'NOT', 'not', 'NAND']), skey(r), ...familyKeys(r, 'string')],
  BITFIELD: (r) => ['BITFIELD', skey(r), ...bitfieldOperations(r, false)],
  BITFIELD_RO: (r) => ['BITFIELD_RO', skey(r), ...bitfieldOperations(r, true)],
  LCS: (r) => [
    'LCS',
    skey(r),
    skey(r),
    ...r
      .several(['LEN', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', 'IDX', 'bogus'], 0, 2)
      .flatMap((option) => (option === 'MINMATCHLEN' ? [option, r.pick(['0', '1', '2', '-1', 'x'])] : [option])),
  ],
  SUBSTR: (r) => ['SUBSTR', skey(r), integer(r), integer(r)],
  PFADD: (r) => ['PFADD', r.chance(0.9) ? pkey(r) : skey(r), ...hllElements(r)],
  PFCOUNT: (r) => ['PFCOUNT', ...Array.from({ length: r.integer(1, 3) }, () => (r.chance(0.9) ? pkey(r) : skey(r)))],
  PFMERGE: (r) => ['PFMERGE', pkey(r), ...Array.from({ length: r.integer(0, 3) }, () => (r.chance(0.9) ? pkey(r) : key(r)))],
  LPOS: (r) => [
    'LPOS',
    lkey(r),
    item(r),
    ...r
      .several(['RANK', 'COUNT', 'MAXLEN', 'bogus'], 0, 2)
      .flatMap((option) => (option === 'bogus' ? [option] : [option, r.chance(0.8) ? r.pick(['1', '2', '-1', '-2', '0', '3']) : r.pick(['x', '-9223372036854775808'])])),
  ],
  LMPOP: (r) => ['LMPOP', ...counted(r, lkey), end(r), ...optional(r, 0.4, 'COUNT', r.pick(['1', '2', '5', '0', '-1', 'x']))],
  BLPOP: (r) => ['BLPOP', ...familyKeys(r, 'list'), timeout(r)],
  BRPOP: (r) => ['BRPOP', ...familyKeys(r, 'list'), timeout(r)],
  BLMOVE: (r) => ['BLMOVE', lkey(r), lkey(r), end(r), end(r), timeout(r)],
  BRPOPLPUSH: (r) => ['BRPOPLPUSH', lkey(r), lkey(r), timeout(r)],
  BLMPOP: (r) => ['BLMPOP', timeout(r), ...counted(r, lkey), end(r), ...optional(r, 0.4, 'COUNT', r.pick(['1', '2', '5', '0', 'x']))],
  SMISMEMBER: (r) => ['SMISMEMBER', setKey(r), ...items(r)],
  SINTERCARD: (r) => ['SINTERCARD', ...counted(r, setKey), ...optional(r, 0.4, 'LIMIT', r.pick(['0', '1', '2', '-1', 'x']))],
  ZRANGESTORE: (r) => ['ZRANGESTORE', zkey(r), zkey(r), ...zrangeStoreArguments(r)],
  ZMSCORE: (r) => ['ZMSCORE', zkey(r), ...items(r)],
  ZINTER: (r) => combine(r, 'ZINTER', true, true),
  ZUNION: (r) => combine(r, 'ZUNION', true, true),
  ZDIFF: (r) => combine(r, 'ZDIFF', false, true),
  ZDIFFSTORE: (r) => ['ZDIFFSTORE', zkey(r), ...combine(r, '', false, false).slice(1)],
  ZINTERCARD: (r) => ['ZINTERCARD', ...counted(r, zsetOrSetKey), ...optional(r, 0.4, 'LIMIT', r.pick(['0', '1', '2', '-1', 'x']))],
  ZLEXCOUNT: (r) => ['ZLEXCOUNT', zkey(r), lexBound(r), lexBound(r)],
  ZRANGEBYLEX: (r) => ['ZRANGEBYLEX', zkey(r), lexBound(r), lexBound(r), ...optional(r, 0.3, 'LIMIT', integer(r), integer(r)), ...optional(r, 0.05, 'WITHSCORES')],
  ZREVRANGEBYLEX: (r) => ['ZREVRANGEBYLEX', zkey(r), lexBound(r), lexBound(r), ...optional(r, 0.3, 'LIMIT', integer(r), integer(r))],
  ZREMRANGEBYRANK: (r) => ['ZREMRANGEBYRANK', zkey(r), integer(r), integer(r)],
  ZREMRANGEBYSCORE: (r) => ['ZREMRANGEBYSCORE', zkey(r), scoreBound(r), scoreBound(r)],
  ZREMRANGEBYLEX: (r) => ['ZREMRANGEBYLEX', zkey(r), lexBound(r), lexBound(r)],
  ZMPOP: (r) => ['ZMPOP', ...counted(r, zkey), r.pick(['MIN', 'MAX', 'max', 'mid']), ...optional(r, 0.4, 'COUNT', r.pick(['1', '2', '5', '0', 'x']))],
  BZPOPMIN: (r) => ['BZPOPMIN', ...familyKeys(r, 'zset'), timeout(r)],
  BZPOPMAX: (r) => ['BZPOPMAX', ...familyKeys(r, 'zset'), timeout(r)],
  BZMPOP: (r) => ['BZMPOP', timeout(r), ...counted(r, zkey), r.pick(['MIN', 'MAX', 'bad']), ...optional(r, 0.4, 'COUNT', r.pick(['1', '3', '0']))],
  TOUCH: (r) => ['TOUCH', ...keys(r)],
  SORT: (r) => ['SORT', ...sortArguments(r, false)],
  SORT_RO: (r) => ['SORT_RO', ...sortArguments(r, true)],
  WAIT: (r) => ['WAIT', r.pick(['0', '1', 'x']), r.pick(['0', '10', '-1', 'x'])],
};

function zrangeStoreArguments(r: SeededRandom): string[] {
  const kind = r.pick(['', 'BYSCORE', 'BYLEX']);
  const bound = () => (kind === 'BYSCORE' ? scoreBound(r) : kind === 'BYLEX' ? lexBound(r) : integer(r));
  const options = kind === '' ? [] : [kind];
  if (r.chance(0.3)) options.push('REV');
  if (r.chance(kind === '' ? 0.05 : 0.4)) options.push('LIMIT', integer(r), integer(r));
  if (r.chance(0.05)) options.push('WITHSCORES');
  return [bound(), bound(), ...options];
}

/** Commands whose replies are random picks: compared by shape and membership. */
export const REDIS7_RANDOM: Record<string, Generator> = {
  HRANDFIELD: (r) => [
    'HRANDFIELD',
    hkey(r),
    ...r.pick([[], [r.pick(['0', '1', '3', '-3', '10', 'x'])], [r.pick(['1', '3', '-3', '0']), r.pick(['WITHVALUES', 'withvalues', 'bogus'])]]),
  ],
  ZRANDMEMBER: (r) => ['ZRANDMEMBER', zkey(r), ...r.pick([[], [r.pick(['0', '1', '3', '-3', '10', 'x'])], [r.pick(['1', '3', '-3', '0']), r.pick(['WITHSCORES', 'bogus'])]])],
};

/** Collection scans: walked to the end on both sides, compared as sets of items. */
export const REDIS7_SCANS: Record<string, Generator> = {
  HSCAN: (r) => ['HSCAN', hkey(r), r.chance(0.95) ? '0' : 'x', ...scanOptions(r)],
  SSCAN: (r) => ['SSCAN', setKey(r), r.chance(0.95) ? '0' : 'x', ...scanOptions(r)],
  ZSCAN: (r) => ['ZSCAN', zkey(r), r.chance(0.95) ? '0' : 'x', ...scanOptions(r)],
  OBJECT: (r) =>
    r.chance(0.9)
      ? ['OBJECT', r.pick(['ENCODING', 'REFCOUNT', 'IDLETIME', 'FREQ', 'encoding']), key(r)]
      : r.pick([
          ['OBJECT', 'HELP'],
          ['OBJECT', 'BOGUS', 'k'],
          ['OBJECT', 'ENCODING'],
          ['OBJECT', 'HELP', 'x'],
        ]),
};

function scanOptions(r: SeededRandom): string[] {
  return [
    ...optional(r, 0.4, 'MATCH', r.pick(['*', 'a*', '1*', '?', '[a-c]'])),
    ...optional(r, 0.4, 'COUNT', r.pick(['1', '2', '5', '0', 'x'])),
    ...optional(r, 0.05, r.pick(['TYPE', 'bogus']), 'string'),
  ];
}

/** Commands Redis would block on: the differential runs them inside MULTI, where Redis cannot block. */
export const BLOCKING = new Set(['BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT']);
