import fc from 'fast-check';

/** Keys and values are drawn from tiny pools so that commands collide on the same keys. */
// Single letters hash to eight different slots, none adjacent; '{a}1' and '{a}2' share the slot of
// 'a' (15495), 'lt2' and 'llc' are the slots just before and after it: several keys pending in
// the slot being walked, and marks in the slots around it.
const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '{a}1', '{a}2', 'lt2', 'llc');
const member = fc.constantFrom('m1', 'm2', 'm3', 'm4');
const value = fc.constantFrom('x', 'yy', '12', '7', 'zzz', '\u00ff\u0000bin');
const small = fc.integer({ min: 1, max: 4 }).map(String);

/** A random write (or read) of every type, including multi-key, cross-db and keyless commands. */
export function commandArbitrary(databases: number): fc.Arbitrary<string[]> {
  const db = fc.integer({ min: 0, max: databases - 1 }).map(String);
  const ttlMs = fc.integer({ min: 1, max: 40 }).map(String);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => ['SET', k, v]) },
    { weight: 2, arbitrary: fc.tuple(key, value, ttlMs).map(([k, v, t]) => ['SET', k, v, 'PX', t]) },
    { weight: 2, arbitrary: fc.tuple(key, key).map(([k, l]) => ['DEL', k, l]) },
    { weight: 2, arbitrary: fc.tuple(key, value).map(([k, v]) => ['APPEND', k, v]) },
    { weight: 2, arbitrary: key.map((k) => ['INCR', k]) },
    { weight: 1, arbitrary: fc.tuple(key, small).map(([k, n]) => ['INCRBYFLOAT', k, n + '.5']) },
    { weight: 2, arbitrary: fc.tuple(key, key).map(([k, l]) => ['RENAME', k, l]) },
    { weight: 2, arbitrary: fc.tuple(key, db).map(([k, d]) => ['MOVE', k, d]) },
    { weight: 2, arbitrary: fc.tuple(key, key, db).map(([k, l, d]) => ['COPY', k, l, 'DB', d, 'REPLACE']) },
    { weight: 2, arbitrary: fc.tuple(key, ttlMs).map(([k, t]) => ['PEXPIRE', k, t]) },
    { weight: 1, arbitrary: key.map((k) => ['PERSIST', k]) },
    { weight: 1, arbitrary: key.map((k) => ['GETDEL', k]) },
    { weight: 2, arbitrary: fc.tuple(key, value, key, value).map(([k, v, l, w]) => ['MSET', k, v, l, w]) },
    { weight: 1, arbitrary: fc.tuple(db, db).map(([x, y]) => ['SWAPDB', x, y]) },
    { weight: 1, arbitrary: fc.constant<string[]>(['FLUSHDB']) },
    { weight: 1, arbitrary: fc.constantFrom<string[]>(['FLUSHALL'], ['PING']) },
    { weight: 3, arbitrary: fc.tuple(key, member, value).map(([k, f, v]) => ['HSET', k, f, v]) },
    { weight: 1, arbitrary: fc.tuple(key, member).map(([k, f]) => ['HDEL', k, f]) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('LPUSH', 'RPUSH'), key, value).map(([c, k, v]) => [c, k, v]) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('LPOP', 'RPOP'), key).map(([c, k]) => [c, k]) },
    { weight: 1, arbitrary: fc.tuple(key, key).map(([k, l]) => ['LMOVE', k, l, 'LEFT', 'RIGHT']) },
    { weight: 3, arbitrary: fc.tuple(key, member).map(([k, m]) => ['SADD', k, m]) },
    { weight: 1, arbitrary: fc.tuple(key, member).map(([k, m]) => ['SREM', k, m]) },
    { weight: 1, arbitrary: key.map((k) => ['SPOP', k]) },
    { weight: 2, arbitrary: fc.tuple(key, key, key).map(([k, l, m]) => ['SUNIONSTORE', k, l, m]) },
    { weight: 3, arbitrary: fc.tuple(key, small, member).map(([k, s, m]) => ['ZADD', k, s, m]) },
    { weight: 1, arbitrary: fc.tuple(key, small, member).map(([k, s, m]) => ['ZINCRBY', k, s, m]) },
    { weight: 1, arbitrary: key.map((k) => ['ZPOPMIN', k]) },
    { weight: 1, arbitrary: fc.tuple(key, key).map(([k, l]) => ['ZUNIONSTORE', k, '2', k, l]) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('SINTERSTORE', 'SDIFFSTORE'), key, key, key).map(([c, k, l, m]) => [c, k, l, m]) },
    { weight: 1, arbitrary: fc.tuple(key, key).map(([k, l]) => ['ZINTERSTORE', k, '2', k, l]) },
    // Reads: they expire keys lazily (a DEL of their own) and must never disturb an iteration.
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('GET', 'EXISTS', 'TTL', 'TYPE'), key).map(([c, k]) => [c, k]) },
  );
}

/** One step of a workload interleaved with an iteration. */
export type Action =
  | { kind: 'command'; argv: string[]; db: number }
  | { kind: 'transaction'; commands: string[][]; db: number }
  | { kind: 'cycle' }
  | { kind: 'clock'; ms: number }
  | { kind: 'activeExpiry' };

export function actionArbitrary(databases: number): fc.Arbitrary<Action> {
  const db = fc.integer({ min: 0, max: databases - 1 });
  const command = commandArbitrary(databases);
  const selectOrCommand = fc.oneof({ weight: 4, arbitrary: command }, { weight: 1, arbitrary: db.map((d) => ['SELECT', String(d)]) });
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('command' as const), argv: command, db }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('transaction' as const), commands: fc.array(selectOrCommand, { minLength: 1, maxLength: 4 }), db }) },
    { weight: 6, arbitrary: fc.constant({ kind: 'cycle' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), ms: fc.integer({ min: 1, max: 25 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'activeExpiry' as const }) },
  );
}
