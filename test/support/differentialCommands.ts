import type { SeededRandom } from './SeededRandom.js';
import {
  SCORE_BOUNDS,
  LEX_BOUNDS,
  PATTERNS,
  DATABASES,
  ABSOLUTE_MS,
  ABSOLUTE_SECONDS,
  RELATIVE_SECONDS,
  RELATIVE_MS,
  SIDES,
  type Generator,
  key,
  skey,
  hkey,
  lkey,
  setKey,
  zkey,
  familyKeys,
  item,
  integer,
  float,
  keys,
  items,
  pairs,
  optional,
} from './commandPools.js';
import { REDIS7_DETERMINISTIC, REDIS7_RANDOM, REDIS7_SCANS } from './redis7Commands.js';
import { restoreCommand } from './restoreCommands.js';

/**
 * Random command generation for the differential test against redis-server. Arguments are byte
 * strings (one char per byte). Pools are tiny so commands collide on keys, types and members, and
 * a share of the commands is malformed on purpose (wrong arity, bad numbers, bad options).
 */

function setOptions(random: SeededRandom): string[] {
  const options: string[] = [];
  if (random.chance(0.3)) options.push(random.pick(['NX', 'XX', 'nx']));
  if (random.chance(0.3)) options.push('GET');
  const expiry = random.integer(0, 6);
  if (expiry === 1) options.push('EX', random.pick(RELATIVE_SECONDS));
  if (expiry === 2) options.push('PX', random.pick(RELATIVE_MS));
  if (expiry === 3) options.push('PXAT', random.pick(ABSOLUTE_MS.filter((time) => time !== '1000')));
  if (expiry === 4) options.push('KEEPTTL');
  if (random.chance(0.05)) options.push(random.pick(['EX', 'BOGUS', 'KEEPTTL', 'NX']));
  return options;
}

function zaddFlags(random: SeededRandom): string[] {
  return random.several(['NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'ch'], 0, 2).filter(() => random.chance(0.6));
}

/** ZRANGE's bounds and options; bounds mostly match the range kind, sometimes not (errors). */
function zrangeArguments(random: SeededRandom): string[] {
  const kind = random.pick(['', '', 'BYSCORE', 'BYLEX']);
  const boundKind = random.chance(0.85) ? kind : random.pick(['', 'BYSCORE', 'BYLEX']);
  const bounds = boundKind === 'BYSCORE' ? SCORE_BOUNDS : boundKind === 'BYLEX' ? LEX_BOUNDS : null;
  const options = kind === '' ? [] : [kind];
  if (random.chance(0.3)) options.push('REV');
  if (random.chance(kind === '' ? 0.05 : 0.4)) options.push('LIMIT', integer(random), integer(random));
  if (random.chance(kind === 'BYLEX' ? 0.05 : 0.4)) options.push('WITHSCORES');
  if (random.chance(0.05)) options.push(random.pick(['BYSCORE', 'REV', 'LIMIT', 'bogus']));
  const pickBound = () => (bounds === null ? integer(random) : random.pick(bounds));
  return [pickBound(), pickBound(), ...random.several(options, options.length, options.length).map((_, index) => options[index]!)];
}

function storeOptions(random: SeededRandom, count: number): string[] {
  const options: string[] = [];
  if (random.chance(0.4)) options.push('WEIGHTS', ...Array.from({ length: random.chance(0.9) ? count : count + 1 }, () => float(random)));
  if (random.chance(0.4)) options.push('AGGREGATE', random.pick(['SUM', 'MIN', 'MAX', 'max', 'avg']));
  return options;
}

/** Deterministic commands: their replies must match exactly (up to ordering of unordered ones). */
export const DETERMINISTIC: Record<string, Generator> = {
  GET: (r) => ['GET', skey(r)],
  SET: (r) => ['SET', skey(r), item(r), ...setOptions(r)],
  SETNX: (r) => ['SETNX', skey(r), item(r)],
  SETEX: (r) => ['SETEX', skey(r), r.pick(RELATIVE_SECONDS), item(r)],
  PSETEX: (r) => ['PSETEX', skey(r), r.pick(RELATIVE_MS), item(r)],
  GETSET: (r) => ['GETSET', skey(r), item(r)],
  GETDEL: (r) => ['GETDEL', skey(r)],
  GETEX: (r) => ['GETEX', skey(r), ...r.pick([[], ['PERSIST'], ['EX', r.pick(RELATIVE_SECONDS)], ['PXAT', r.pick(ABSOLUTE_MS)], ['EXAT', r.pick(ABSOLUTE_SECONDS)], ['BOGUS']])],
  MGET: (r) => ['MGET', ...familyKeys(r, 'string')],
  MSET: (r) => [
    'MSET',
    ...pairs(
      r,
      (x) => [skey(x)],
      (x) => [item(x)],
    ),
    ...optional(r, 0.05, 'k1'),
  ],
  MSETNX: (r) => [
    'MSETNX',
    ...pairs(
      r,
      (x) => [skey(x)],
      (x) => [item(x)],
    ),
  ],
  APPEND: (r) => ['APPEND', skey(r), item(r)],
  STRLEN: (r) => ['STRLEN', skey(r)],
  GETRANGE: (r) => ['GETRANGE', skey(r), integer(r), integer(r)],
  SETRANGE: (r) => ['SETRANGE', skey(r), r.pick(['0', '1', '3', '10', '-1', 'x']), item(r)],
  INCR: (r) => ['INCR', skey(r)],
  DECR: (r) => ['DECR', skey(r)],
  INCRBY: (r) => ['INCRBY', skey(r), integer(r)],
  DECRBY: (r) => ['DECRBY', skey(r), integer(r)],
  INCRBYFLOAT: (r) => ['INCRBYFLOAT', skey(r), float(r)],
  DEL: (r) => ['DEL', ...keys(r)],
  UNLINK: (r) => ['UNLINK', ...keys(r)],
  EXISTS: (r) => ['EXISTS', ...keys(r)],
  TYPE: (r) => ['TYPE', key(r)],
  RENAME: (r) => ['RENAME', key(r), key(r)],
  RENAMENX: (r) => ['RENAMENX', key(r), key(r)],
  COPY: (r) => ['COPY', key(r), key(r), ...optional(r, 0.5, 'DB', r.pick([...DATABASES, '16', 'x'])), ...optional(r, 0.5, 'REPLACE')],
  MOVE: (r) => ['MOVE', key(r), r.pick([...DATABASES, '16', '-1', 'x'])],
  EXPIRE: (r) => ['EXPIRE', key(r), r.pick(RELATIVE_SECONDS), ...optional(r, 0.3, r.pick(['NX', 'XX', 'BOGUS']))],
  PEXPIRE: (r) => ['PEXPIRE', key(r), r.pick(RELATIVE_MS), ...optional(r, 0.3, r.pick(['NX', 'XX']))],
  EXPIREAT: (r) => ['EXPIREAT', key(r), r.pick(ABSOLUTE_SECONDS), ...r.several(['NX', 'XX', 'GT', 'LT'], 0, 2)],
  PEXPIREAT: (r) => ['PEXPIREAT', key(r), r.pick(ABSOLUTE_MS), ...r.several(['NX', 'XX', 'GT', 'LT'], 0, 2)],
  TTL: (r) => ['TTL', key(r)],
  PTTL: (r) => ['PTTL', key(r)],
  EXPIRETIME: (r) => ['EXPIRETIME', key(r)],
  PEXPIRETIME: (r) => ['PEXPIRETIME', key(r)],
  PERSIST: (r) => ['PERSIST', key(r)],
  KEYS: (r) => ['KEYS', r.pick(PATTERNS)],
  DBSIZE: () => ['DBSIZE'],
  HSET: (r) => [
    'HSET',
    hkey(r),
    ...pairs(
      r,
      (x) => [item(x)],
      (x) => [item(x)],
    ),
    ...optional(r, 0.05, 'odd'),
  ],
  HMSET: (r) => [
    'HMSET',
    hkey(r),
    ...pairs(
      r,
      (x) => [item(x)],
      (x) => [item(x)],
    ),
  ],
  HSTRLEN: (r) => ['HSTRLEN', hkey(r), item(r)],
  HSETNX: (r) => ['HSETNX', hkey(r), item(r), item(r)],
  HGET: (r) => ['HGET', hkey(r), item(r)],
  HMGET: (r) => ['HMGET', hkey(r), ...items(r)],
  HDEL: (r) => ['HDEL', hkey(r), ...items(r)],
  HGETALL: (r) => ['HGETALL', hkey(r)],
  HLEN: (r) => ['HLEN', hkey(r)],
  HEXISTS: (r) => ['HEXISTS', hkey(r), item(r)],
  HINCRBY: (r) => ['HINCRBY', hkey(r), item(r), integer(r)],
  HINCRBYFLOAT: (r) => ['HINCRBYFLOAT', hkey(r), item(r), float(r)],
  HKEYS: (r) => ['HKEYS', hkey(r)],
  HVALS: (r) => ['HVALS', hkey(r)],
  LPUSH: (r) => ['LPUSH', lkey(r), ...items(r)],
  RPUSH: (r) => ['RPUSH', lkey(r), ...items(r)],
  LPUSHX: (r) => ['LPUSHX', lkey(r), ...items(r)],
  RPUSHX: (r) => ['RPUSHX', lkey(r), ...items(r)],
  LPOP: (r) => ['LPOP', lkey(r), ...optional(r, 0.5, integer(r))],
  RPOP: (r) => ['RPOP', lkey(r), ...optional(r, 0.5, integer(r))],
  LLEN: (r) => ['LLEN', lkey(r)],
  LRANGE: (r) => ['LRANGE', lkey(r), integer(r), integer(r)],
  LINDEX: (r) => ['LINDEX', lkey(r), integer(r)],
  LSET: (r) => ['LSET', lkey(r), integer(r), item(r)],
  LREM: (r) => ['LREM', lkey(r), integer(r), item(r)],
  LTRIM: (r) => ['LTRIM', lkey(r), integer(r), integer(r)],
  LINSERT: (r) => ['LINSERT', lkey(r), r.pick(['BEFORE', 'AFTER', 'after', 'middle']), item(r), item(r)],
  LMOVE: (r) => ['LMOVE', lkey(r), lkey(r), r.pick(SIDES), r.pick(SIDES)],
  RPOPLPUSH: (r) => ['RPOPLPUSH', lkey(r), lkey(r)],
  SADD: (r) => ['SADD', setKey(r), ...items(r)],
  SREM: (r) => ['SREM', setKey(r), ...items(r)],
  SMEMBERS: (r) => ['SMEMBERS', setKey(r)],
  SISMEMBER: (r) => ['SISMEMBER', setKey(r), item(r)],
  SCARD: (r) => ['SCARD', setKey(r)],
  SMOVE: (r) => ['SMOVE', setKey(r), setKey(r), item(r)],
  SUNION: (r) => ['SUNION', ...familyKeys(r, 'set')],
  SINTER: (r) => ['SINTER', ...familyKeys(r, 'set')],
  SDIFF: (r) => ['SDIFF', ...familyKeys(r, 'set')],
  SUNIONSTORE: (r) => ['SUNIONSTORE', setKey(r), ...familyKeys(r, 'set')],
  SINTERSTORE: (r) => ['SINTERSTORE', setKey(r), ...familyKeys(r, 'set')],
  SDIFFSTORE: (r) => ['SDIFFSTORE', setKey(r), ...familyKeys(r, 'set')],
  ZADD: (r) => [
    'ZADD',
    zkey(r),
    ...zaddFlags(r),
    ...pairs(
      r,
      (x) => [float(x)],
      (x) => [item(x)],
    ),
  ],
  ZREM: (r) => ['ZREM', zkey(r), ...items(r)],
  ZSCORE: (r) => ['ZSCORE', zkey(r), item(r)],
  ZINCRBY: (r) => ['ZINCRBY', zkey(r), float(r), item(r)],
  ZCARD: (r) => ['ZCARD', zkey(r)],
  ZRANK: (r) => ['ZRANK', zkey(r), item(r)],
  ZREVRANK: (r) => ['ZREVRANK', zkey(r), item(r)],
  ZRANGE: (r) => ['ZRANGE', zkey(r), ...zrangeArguments(r)],
  ZRANGEBYSCORE: (r) => [
    'ZRANGEBYSCORE',
    zkey(r),
    r.pick(SCORE_BOUNDS),
    r.pick(SCORE_BOUNDS),
    ...optional(r, 0.4, 'WITHSCORES'),
    ...optional(r, 0.4, 'LIMIT', integer(r), integer(r)),
    ...optional(r, 0.05, r.pick(['REV', 'BYSCORE', 'LIMIT'])),
  ],
  ZREVRANGEBYSCORE: (r) => [
    'ZREVRANGEBYSCORE',
    zkey(r),
    r.pick(SCORE_BOUNDS),
    r.pick(SCORE_BOUNDS),
    ...optional(r, 0.4, 'WITHSCORES'),
    ...optional(r, 0.4, 'LIMIT', integer(r), integer(r)),
  ],
  ZREVRANGE: (r) => ['ZREVRANGE', zkey(r), integer(r), integer(r), ...optional(r, 0.4, 'WITHSCORES'), ...optional(r, 0.05, 'LIMIT', '0', '1')],
  ZCOUNT: (r) => ['ZCOUNT', zkey(r), r.pick(SCORE_BOUNDS), r.pick(SCORE_BOUNDS)],
  ZPOPMIN: (r) => ['ZPOPMIN', zkey(r), ...optional(r, 0.5, integer(r))],
  ZPOPMAX: (r) => ['ZPOPMAX', zkey(r), ...optional(r, 0.5, integer(r))],
  ZUNIONSTORE: (r) => storeCommand(r, 'ZUNIONSTORE'),
  ZINTERSTORE: (r) => storeCommand(r, 'ZINTERSTORE'),
  SELECT: (r) => ['SELECT', r.chance(0.9) ? r.pick(DATABASES) : r.pick(['16', '-1', 'x'])],
  SWAPDB: (r) => ['SWAPDB', r.pick(DATABASES), r.chance(0.9) ? r.pick(DATABASES) : r.pick(['16', 'x'])],
  FLUSHDB: (r) => (r.chance(0.15) ? ['FLUSHDB', r.pick(['ASYNC', 'SYNC', 'bogus'])] : ['FLUSHDB']),
  FLUSHALL: () => ['FLUSHALL'],
  PING: (r) => ['PING', ...optional(r, 0.5, item(r))],
  ECHO: (r) => ['ECHO', item(r)],
  ...REDIS7_DETERMINISTIC,
  RESTORE: restoreCommand,
};

function storeCommand(random: SeededRandom, name: string): string[] {
  const count = random.integer(1, 3);
  const numkeys = random.chance(0.9) ? String(count) : random.pick(['0', 'x', '9', '-1']);
  const sources = Array.from({ length: count }, () => (random.chance(0.8) ? zkey(random) : setKey(random)));
  return [name, zkey(random), numkeys, ...sources, ...storeOptions(random, count)];
}

/** Commands whose replies are random picks: compared by shape and membership. */
export const RANDOM: Record<string, Generator> = {
  SPOP: (r) => ['SPOP', setKey(r), ...optional(r, 0.5, r.pick(['0', '1', '2', '5', '-1', 'x']))],
  SRANDMEMBER: (r) => ['SRANDMEMBER', setKey(r), ...optional(r, 0.6, r.pick(['0', '1', '2', '5', '-3', 'x']))],
  RANDOMKEY: () => ['RANDOMKEY'],
  ...REDIS7_RANDOM,
  /** DUMP bytes differ (Redis writes listpacks, forkless plain types): compared by RESTORE round trip. */
  DUMP: (r) => ['DUMP', key(r)],
};

/** Commands compared by their own rules (collection scans walked to the end, OBJECT's tolerances). */
export const SPECIAL: Record<string, Generator> = REDIS7_SCANS;

/** Commands that grow collections, drawn extra often so collections get big enough to matter. */
const GROWING = ['SADD', 'ZADD', 'HSET', 'RPUSH', 'LPUSH', 'SET', 'ZADD', 'SADD', 'PFADD'];

/** Rare, whole-database commands get a lower weight. */
const RARE = new Set(['FLUSHDB', 'FLUSHALL', 'SWAPDB', 'SELECT']);

/** One random step: a single command (possibly malformed), a SCAN walk, or a MULTI block. */
export type Step = { kind: 'command'; argv: string[] } | { kind: 'scan'; argv: string[] } | { kind: 'multi'; commands: string[][]; end: 'EXEC' | 'DISCARD' };

function deterministicCommand(random: SeededRandom): string[] {
  let name = random.chance(0.25) ? random.pick(GROWING) : random.pick(Object.keys(DETERMINISTIC));
  if (RARE.has(name) && random.chance(0.7)) name = random.pick(Object.keys(DETERMINISTIC));
  if (name === 'FLUSHALL' && random.chance(0.7)) name = 'GET';
  return malformed(random, DETERMINISTIC[name]!(random));
}

/** Sometimes drops or adds arguments (arity and syntax errors) or renames the command. */
function malformed(random: SeededRandom, argv: string[]): string[] {
  const roll = random.next();
  if (roll < 0.03) return argv.slice(0, random.integer(1, Math.max(1, argv.length - 1)));
  if (roll < 0.05) return [...argv, item(random)];
  if (roll < 0.055) return ['NOSUCHCOMMAND', ...argv.slice(1, 3)];
  return argv;
}

/** The next step of a seeded sequence. */
export function nextStep(random: SeededRandom): Step {
  const roll = random.next();
  if (roll < 0.04) {
    const commands = Array.from({ length: random.integer(0, 5) }, () => deterministicCommand(random));
    if (random.chance(0.1)) commands.push(random.pick([['MULTI'], ['EXEC', 'x'], ['NOSUCH']]));
    return { kind: 'multi', commands, end: random.chance(0.85) ? 'EXEC' : 'DISCARD' };
  }
  if (roll < 0.06) {
    const options = [
      ...optional(random, 0.5, 'MATCH', random.pick(PATTERNS)),
      ...optional(random, 0.5, 'COUNT', random.pick(['1', '2', '5', '0', 'x'])),
      ...optional(random, 0.3, 'TYPE', random.pick(['string', 'hash', 'list', 'set', 'zset'])),
    ];
    return { kind: 'scan', argv: ['SCAN', random.chance(0.95) ? '0' : 'bad', ...options] };
  }
  if (roll < 0.12) return { kind: 'command', argv: RANDOM[random.pick(Object.keys(RANDOM))]!(random) };
  if (roll < 0.15) return { kind: 'command', argv: malformed(random, SPECIAL[random.pick(Object.keys(SPECIAL))]!(random)) };
  if (roll < 0.125) return { kind: 'command', argv: random.pick([['EXEC'], ['DISCARD']]) };
  return { kind: 'command', argv: deterministicCommand(random) };
}
