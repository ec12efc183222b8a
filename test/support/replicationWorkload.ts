import fc from 'fast-check';

/**
 * fast-check arbitraries for replication property tests: commands of every type over tiny key,
 * member and value pools (so they collide), with short relative TTLs that a test clock can pass.
 */

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', '\u00ff\u0000k');
const member = fc.constantFrom('m1', 'm2', 'm3', 'm4', '\u00e9');
const value = fc.constantFrom('x', 'yy', '12', '-3', '2.5', '\u00ff\u0000bin', '');
const count = fc.integer({ min: 0, max: 4 }).map(String);
const index = fc.integer({ min: -4, max: 4 }).map(String);
const score = fc.constantFrom('0', '1', '-1', '2.5', '0.1', '1e3', '-inf', 'inf');
const db = fc.integer({ min: 0, max: 3 }).map(String);
const ttlMs = fc.integer({ min: 1, max: 60 }).map(String);
const members = fc.array(member, { minLength: 1, maxLength: 3 });
const keys = fc.array(key, { minLength: 1, maxLength: 3 });

const tuple = <T extends unknown[]>(...parts: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.tuple(...parts);

const stringCommands: fc.Arbitrary<string[]>[] = [
  tuple(key, value).map(([k, v]) => ['SET', k, v]),
  tuple(key, value, ttlMs).map(([k, v, t]) => ['SET', k, v, 'PX', t]),
  tuple(key, value).map(([k, v]) => ['SET', k, v, 'KEEPTTL']),
  tuple(key, value).map(([k, v]) => ['APPEND', k, v]),
  key.map((k) => ['INCR', k]),
  tuple(key, score).map(([k, s]) => ['INCRBYFLOAT', k, s]),
  tuple(key, ttlMs).map(([k, t]) => ['GETEX', k, 'PX', t]),
  key.map((k) => ['GETDEL', k]),
  tuple(key, index, value).map(([k, i, v]) => ['SETRANGE', k, String(Math.abs(Number(i))), v]),
];

const bitOffset = fc.integer({ min: 0, max: 40 }).map(String);
const side = fc.constantFrom('LEFT', 'RIGHT');
const timeout = fc.constantFrom('0', '0.5');

const bitAndHllCommands: fc.Arbitrary<string[]>[] = [
  tuple(key, bitOffset, fc.constantFrom('0', '1')).map(([k, o, b]) => ['SETBIT', k, o, b]),
  tuple(fc.constantFrom('AND', 'OR', 'XOR'), key, keys).map(([op, d, k]) => ['BITOP', op, d, ...k]),
  tuple(key, key).map(([d, k]) => ['BITOP', 'NOT', d, k]),
  tuple(key, fc.constantFrom('WRAP', 'SAT', 'FAIL'), fc.constantFrom('u4', 'i8', 'u1'), bitOffset, index).map(([k, o, t, off, v]) => [
    'BITFIELD',
    k,
    'OVERFLOW',
    o,
    'INCRBY',
    t,
    off,
    v,
    'SET',
    'u2',
    '#1',
    v,
  ]),
  tuple(
    key,
    fc.array(
      fc.integer({ min: 0, max: 3000 }).map((n) => `e${n}`),
      { maxLength: 40 },
    ),
  ).map(([k, e]) => ['PFADD', k, ...e]),
  key.map((k) => ['PFCOUNT', k]),
  tuple(key, keys).map(([d, k]) => ['PFMERGE', d, ...k]),
];

const blockingCommands: fc.Arbitrary<string[]>[] = [
  tuple(fc.constantFrom('BLPOP', 'BRPOP'), keys, timeout).map(([c, k, t]) => [c, ...k, t]),
  tuple(key, key, side, side, timeout).map(([s, d, f, t, w]) => ['BLMOVE', s, d, f, t, w]),
  tuple(key, key).map(([s, d]) => ['BRPOPLPUSH', s, d, '0']),
  tuple(keys, side, count).map(([k, s, c]) => ['LMPOP', String(k.length), ...k, s, 'COUNT', c === '0' ? '1' : c]),
  tuple(keys, side).map(([k, s]) => ['BLMPOP', '0', String(k.length), ...k, s]),
  tuple(fc.constantFrom('BZPOPMIN', 'BZPOPMAX'), keys).map(([c, k]) => [c, ...k, '0']),
  tuple(keys, fc.constantFrom('MIN', 'MAX'), count).map(([k, w, c]) => ['ZMPOP', String(k.length), ...k, w, 'COUNT', c === '0' ? '1' : c]),
  tuple(keys, fc.constantFrom('MIN', 'MAX')).map(([k, w]) => ['BZMPOP', '0', String(k.length), ...k, w]),
];

const hashCommands: fc.Arbitrary<string[]>[] = [
  tuple(key, member, value).map(([k, f, v]) => ['HSET', k, f, v]),
  tuple(key, member, value).map(([k, f, v]) => ['HSETNX', k, f, v]),
  tuple(key, members).map(([k, f]) => ['HDEL', k, ...f]),
  tuple(key, member, index).map(([k, f, i]) => ['HINCRBY', k, f, i]),
  tuple(key, member, score).map(([k, f, s]) => ['HINCRBYFLOAT', k, f, s]),
];

const listCommands: fc.Arbitrary<string[]>[] = [
  tuple(key, members).map(([k, m]) => ['LPUSH', k, ...m]),
  tuple(key, members).map(([k, m]) => ['RPUSH', k, ...m]),
  tuple(key, count).map(([k, c]) => ['LPOP', k, c]),
  key.map((k) => ['RPOP', k]),
  tuple(key, index, member).map(([k, i, m]) => ['LSET', k, i, m]),
  tuple(key, index, member).map(([k, i, m]) => ['LREM', k, i, m]),
  tuple(key, index, index).map(([k, i, j]) => ['LTRIM', k, i, j]),
  tuple(key, member, member).map(([k, p, m]) => ['LINSERT', k, 'BEFORE', p, m]),
  tuple(key, key, fc.constantFrom('LEFT', 'RIGHT'), fc.constantFrom('LEFT', 'RIGHT')).map(([s, d, f, t]) => ['LMOVE', s, d, f, t]),
  tuple(key, key).map(([s, d]) => ['RPOPLPUSH', s, d]),
];

const setCommands: fc.Arbitrary<string[]>[] = [
  tuple(key, members).map(([k, m]) => ['SADD', k, ...m]),
  tuple(key, members).map(([k, m]) => ['SREM', k, ...m]),
  key.map((k) => ['SPOP', k]),
  tuple(key, count).map(([k, c]) => ['SPOP', k, c]),
  tuple(key, key, member).map(([s, d, m]) => ['SMOVE', s, d, m]),
  tuple(fc.constantFrom('SUNIONSTORE', 'SINTERSTORE', 'SDIFFSTORE'), key, keys).map(([c, d, k]) => [c, d, ...k]),
];

const sortedSetCommands: fc.Arbitrary<string[]>[] = [
  tuple(key, score, member).map(([k, s, m]) => ['ZADD', k, s, m]),
  tuple(key, fc.constantFrom('GT', 'LT', 'NX', 'XX', 'CH'), score, member).map(([k, f, s, m]) => ['ZADD', k, f, s, m]),
  tuple(key, score, member).map(([k, s, m]) => ['ZADD', k, 'INCR', s, m]),
  tuple(key, score, member).map(([k, s, m]) => ['ZINCRBY', k, s, m]),
  tuple(key, members).map(([k, m]) => ['ZREM', k, ...m]),
  tuple(fc.constantFrom('ZPOPMIN', 'ZPOPMAX'), key, count).map(([c, k, n]) => [c, k, n]),
  tuple(fc.constantFrom('ZUNIONSTORE', 'ZINTERSTORE'), key, keys, fc.constantFrom('SUM', 'MIN', 'MAX')).map(([c, d, k, a]) => [
    c,
    d,
    String(k.length),
    ...k,
    'WEIGHTS',
    ...k.map(() => '2'),
    'AGGREGATE',
    a,
  ]),
  tuple(key, keys).map(([d, k]) => ['ZDIFFSTORE', d, String(k.length), ...k]),
  tuple(key, key, index, index).map(([d, s, a, b]) => ['ZRANGESTORE', d, s, a, b]),
  tuple(key, score, score).map(([d, s, a]) => ['ZRANGESTORE', d, d, s, a, 'BYSCORE', 'REV']),
  tuple(key, index, index).map(([k, a, b]) => ['ZREMRANGEBYRANK', k, a, b]),
  tuple(key, score, score).map(([k, a, b]) => ['ZREMRANGEBYSCORE', k, a, b]),
  tuple(key, fc.constantFrom('-', '[m2', '(m3'), fc.constantFrom('+', '[m3', '(m4')).map(([k, a, b]) => ['ZREMRANGEBYLEX', k, a, b]),
];

const keyspaceCommands: fc.Arbitrary<string[]>[] = [
  keys.map((k) => ['DEL', ...k]),
  tuple(key, key).map(([s, d]) => ['RENAME', s, d]),
  tuple(key, key, db).map(([s, d, n]) => ['COPY', s, d, 'DB', n, 'REPLACE']),
  tuple(key, db).map(([k, n]) => ['MOVE', k, n]),
  tuple(key, ttlMs).map(([k, t]) => ['PEXPIRE', k, t]),
  tuple(key, fc.integer({ min: 1, max: 3 }).map(String)).map(([k, t]) => ['EXPIRE', k, t]),
  key.map((k) => ['PERSIST', k]),
  tuple(db, db).map(([x, y]) => ['SWAPDB', x, y]),
  fc.constant(['FLUSHDB']),
  fc.constant(['FLUSHALL']),
  fc.constant(['RANDOMKEY']),
  key.map((k) => ['SRANDMEMBER', k, '-2']),
  keys.map((k) => ['TOUCH', ...k]),
];

/** SORT … STORE over lists, sets and sorted sets of the pools (BY/GET reach other keys). */
const sortCommands: fc.Arbitrary<string[]>[] = [
  tuple(
    key,
    key,
    fc.constantFrom(['ALPHA'], ['BY', 'nosort'], ['BY', '*', 'GET', '#', 'GET', 'a'], ['ALPHA', 'BY', '*->m1', 'GET', '*->m2']),
    fc.constantFrom([], ['DESC'], ['LIMIT', '1', '2']),
  ).map(([k, d, o, l]) => ['SORT', k, ...o, ...l, 'STORE', d]),
];

/** One random command of any type (some fail, e.g. on the wrong type: those must not propagate). */
export const anyCommand: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(...stringCommands) },
  { weight: 3, arbitrary: fc.oneof(...hashCommands) },
  { weight: 3, arbitrary: fc.oneof(...listCommands) },
  { weight: 3, arbitrary: fc.oneof(...setCommands) },
  { weight: 3, arbitrary: fc.oneof(...sortedSetCommands) },
  { weight: 2, arbitrary: fc.oneof(...keyspaceCommands) },
  { weight: 2, arbitrary: fc.oneof(...bitAndHllCommands) },
  { weight: 2, arbitrary: fc.oneof(...blockingCommands) },
  { weight: 1, arbitrary: fc.oneof(...sortCommands) },
);

/** One step of a workload: a command, a MULTI/EXEC block, SELECT, clock advance, or an active expiry cycle. */
export type WorkloadStep =
  | { kind: 'command'; argv: string[] }
  | { kind: 'transaction'; commands: string[][] }
  | { kind: 'select'; db: string }
  | { kind: 'advance'; ms: number }
  | { kind: 'activeExpiry'; budget: number };

export const workloadStep: fc.Arbitrary<WorkloadStep> = fc.oneof(
  { weight: 12, arbitrary: anyCommand.map((argv) => ({ kind: 'command' as const, argv })) },
  { weight: 2, arbitrary: fc.array(anyCommand, { maxLength: 4 }).map((commands) => ({ kind: 'transaction' as const, commands })) },
  { weight: 1, arbitrary: db.map((selected) => ({ kind: 'select' as const, db: selected })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }).map((ms) => ({ kind: 'advance' as const, ms })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10 }).map((budget) => ({ kind: 'activeExpiry' as const, budget })) },
);
