import { SeededRandom } from './SeededRandom.js';

/**
 * Random command generation for the differential test against redis-server. Arguments are byte
 * strings (one char per byte). Pools are tiny so commands collide on keys, types and members, and
 * a share of the commands is malformed on purpose (wrong arity, bad numbers, bad options).
 */

const KEYS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'bin\xff\x00k'];
const ITEMS = ['a', 'b', 'c', 'd', 'e', '1', '-2', '10', '3.5', 'x y', '\xff\x00', ''];
const INTEGERS = ['0', '1', '-1', '2', '-2', '3', '5', '-5', '100', '9223372036854775807', '-9223372036854775808', 'abc', '1.5', ' 1', '+1', '-0'];
const FLOATS = ['0', '1', '-1', '1.5', '0.1', '0.2', '-2.25', '1e3', '1e-5', 'inf', '-inf', '+inf', 'abc', 'nan', '', '1e400', '0x10', ' 2'];
const SCORE_BOUNDS = ['-inf', '+inf', '0', '1', '(1', '2.5', '(0', '-1', '10', 'abc', '(', '('];
const LEX_BOUNDS = ['-', '+', '[a', '(a', '[c', '(d', '[', 'a', '[x y'];
const PATTERNS = ['*', 'k*', 'k?', '*1', 'k[1-3]', 'k[^1]', 'bin*', '\\k*', '[', 'nomatch'];
const DATABASES = ['0', '1', '2', '3'];
/** Absolute expiries in 2100, so they never fire during the test; '1000' is long past. */
const ABSOLUTE_MS = ['4102444800000', '4102444801000', '4102444900000', '1000', '-5', 'abc'];
const ABSOLUTE_SECONDS = ['4102444800', '4102444801', '4102445000', '1', '-1', 'x'];
const RELATIVE_SECONDS = ['100', '5000', '86400', '0', '-5', 'abc'];
const RELATIVE_MS = ['100000', '5000000', '0', '-1', '1.5'];
const SIDES = ['LEFT', 'RIGHT', 'left', 'up'];

type Generator = (random: SeededRandom) => string[];

const key = (random: SeededRandom) => random.pick(KEYS);
const item = (random: SeededRandom) => random.pick(ITEMS);
const integer = (random: SeededRandom) => (random.chance(0.85) ? String(random.integer(-4, 6)) : random.pick(INTEGERS));
const float = (random: SeededRandom) => (random.chance(0.7) ? String(random.integer(-3, 5) * (random.chance(0.5) ? 1 : 0.5)) : random.pick(FLOATS));
const keys = (random: SeededRandom, min = 1, max = 3) => random.several(KEYS, min, max);
const items = (random: SeededRandom, min = 1, max = 4) => random.several(ITEMS, min, max);
const pairs = (random: SeededRandom, first: Generator, second: Generator) =>
  Array.from({ length: random.integer(1, 3) }, () => [...first(random), ...second(random)]).flat();
const optional = (random: SeededRandom, p: number, ...args: string[]) => (random.chance(p) ? args : []);

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

function zrangeOptions(random: SeededRandom): string[] {
  const kind = random.pick(['', '', 'BYSCORE', 'BYLEX']);
  const options = kind === '' ? [] : [kind];
  if (random.chance(0.3)) options.push('REV');
  if (random.chance(0.3)) options.push('LIMIT', integer(random), integer(random));
  if (random.chance(0.3)) options.push('WITHSCORES');
  if (random.chance(0.1)) options.push(random.pick(['BYSCORE', 'REV', 'LIMIT', 'bogus']));
  return options;
}

function zrangeBounds(random: SeededRandom): [string, string] {
  return random.chance(0.4) ? [random.pick(SCORE_BOUNDS), random.pick(SCORE_BOUNDS)] : random.chance(0.5) ? [random.pick(LEX_BOUNDS), random.pick(LEX_BOUNDS)] : [integer(random), integer(random)];
}

function storeOptions(random: SeededRandom, count: number): string[] {
  const options: string[] = [];
  if (random.chance(0.4)) options.push('WEIGHTS', ...Array.from({ length: random.chance(0.9) ? count : count + 1 }, () => float(random)));
  if (random.chance(0.4)) options.push('AGGREGATE', random.pick(['SUM', 'MIN', 'MAX', 'max', 'avg']));
  return options;
}

/** Deterministic commands: their replies must match exactly (up to ordering of unordered ones). */
export const DETERMINISTIC: Record<string, Generator> = {
  GET: (r) => ['GET', key(r)],
  SET: (r) => ['SET', key(r), item(r), ...setOptions(r)],
  SETNX: (r) => ['SETNX', key(r), item(r)],
  SETEX: (r) => ['SETEX', key(r), r.pick(RELATIVE_SECONDS), item(r)],
  PSETEX: (r) => ['PSETEX', key(r), r.pick(RELATIVE_MS), item(r)],
  GETSET: (r) => ['GETSET', key(r), item(r)],
  GETDEL: (r) => ['GETDEL', key(r)],
  GETEX: (r) => ['GETEX', key(r), ...r.pick([[], ['PERSIST'], ['EX', r.pick(RELATIVE_SECONDS)], ['PXAT', r.pick(ABSOLUTE_MS)], ['EXAT', r.pick(ABSOLUTE_SECONDS)], ['BOGUS']])],
  MGET: (r) => ['MGET', ...keys(r)],
  MSET: (r) => ['MSET', ...pairs(r, (x) => [key(x)], (x) => [item(x)]), ...optional(r, 0.05, 'k1')],
  MSETNX: (r) => ['MSETNX', ...pairs(r, (x) => [key(x)], (x) => [item(x)])],
  APPEND: (r) => ['APPEND', key(r), item(r)],
  STRLEN: (r) => ['STRLEN', key(r)],
  GETRANGE: (r) => ['GETRANGE', key(r), integer(r), integer(r)],
  SETRANGE: (r) => ['SETRANGE', key(r), r.pick(['0', '1', '3', '10', '-1', 'x']), item(r)],
  INCR: (r) => ['INCR', key(r)],
  DECR: (r) => ['DECR', key(r)],
  INCRBY: (r) => ['INCRBY', key(r), integer(r)],
  DECRBY: (r) => ['DECRBY', key(r), integer(r)],
  INCRBYFLOAT: (r) => ['INCRBYFLOAT', key(r), float(r)],
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
  HSET: (r) => ['HSET', key(r), ...pairs(r, (x) => [item(x)], (x) => [item(x)]), ...optional(r, 0.05, 'odd')],
  HSETNX: (r) => ['HSETNX', key(r), item(r), item(r)],
  HGET: (r) => ['HGET', key(r), item(r)],
  HMGET: (r) => ['HMGET', key(r), ...items(r)],
  HDEL: (r) => ['HDEL', key(r), ...items(r)],
  HGETALL: (r) => ['HGETALL', key(r)],
  HLEN: (r) => ['HLEN', key(r)],
  HEXISTS: (r) => ['HEXISTS', key(r), item(r)],
  HINCRBY: (r) => ['HINCRBY', key(r), item(r), integer(r)],
  HINCRBYFLOAT: (r) => ['HINCRBYFLOAT', key(r), item(r), float(r)],
  HKEYS: (r) => ['HKEYS', key(r)],
  HVALS: (r) => ['HVALS', key(r)],
  LPUSH: (r) => ['LPUSH', key(r), ...items(r)],
  RPUSH: (r) => ['RPUSH', key(r), ...items(r)],
  LPUSHX: (r) => ['LPUSHX', key(r), ...items(r)],
  RPUSHX: (r) => ['RPUSHX', key(r), ...items(r)],
  LPOP: (r) => ['LPOP', key(r), ...optional(r, 0.5, integer(r))],
  RPOP: (r) => ['RPOP', key(r), ...optional(r, 0.5, integer(r))],
  LLEN: (r) => ['LLEN', key(r)],
  LRANGE: (r) => ['LRANGE', key(r), integer(r), integer(r)],
  LINDEX: (r) => ['LINDEX', key(r), integer(r)],
  LSET: (r) => ['LSET', key(r), integer(r), item(r)],
  LREM: (r) => ['LREM', key(r), integer(r), item(r)],
  LTRIM: (r) => ['LTRIM', key(r), integer(r), integer(r)],
  LINSERT: (r) => ['LINSERT', key(r), r.pick(['BEFORE', 'AFTER', 'after', 'middle']), item(r), item(r)],
  LMOVE: (r) => ['LMOVE', key(r), key(r), r.pick(SIDES), r.pick(SIDES)],
  RPOPLPUSH: (r) => ['RPOPLPUSH', key(r), key(r)],
  SADD: (r) => ['SADD', key(r), ...items(r)],
  SREM: (r) => ['SREM', key(r), ...items(r)],
  SMEMBERS: (r) => ['SMEMBERS', key(r)],
  SISMEMBER: (r) => ['SISMEMBER', key(r), item(r)],
  SCARD: (r) => ['SCARD', key(r)],
  SMOVE: (r) => ['SMOVE', key(r), key(r), item(r)],
  SUNION: (r) => ['SUNION', ...keys(r)],
  SINTER: (r) => ['SINTER', ...keys(r)],
  SDIFF: (r) => ['SDIFF', ...keys(r)],
  SUNIONSTORE: (r) => ['SUNIONSTORE', key(r), ...keys(r)],
  SINTERSTORE: (r) => ['SINTERSTORE', key(r), ...keys(r)],
  SDIFFSTORE: (r) => ['SDIFFSTORE', key(r), ...keys(r)],
  ZADD: (r) => ['ZADD', key(r), ...zaddFlags(r), ...pairs(r, (x) => [float(x)], (x) => [item(x)])],
  ZREM: (r) => ['ZREM', key(r), ...items(r)],
  ZSCORE: (r) => ['ZSCORE', key(r), item(r)],
  ZINCRBY: (r) => ['ZINCRBY', key(r), float(r), item(r)],
  ZCARD: (r) => ['ZCARD', key(r)],
  ZRANK: (r) => ['ZRANK', key(r), item(r)],
  ZREVRANK: (r) => ['ZREVRANK', key(r), item(r)],
  ZRANGE: (r) => ['ZRANGE', key(r), ...zrangeBounds(r), ...zrangeOptions(r)],
  ZRANGEBYSCORE: (r) => ['ZRANGEBYSCORE', key(r), r.pick(SCORE_BOUNDS), r.pick(SCORE_BOUNDS), ...zrangeOptions(r).filter((o) => o !== 'BYSCORE' || r.chance(0.2))],
  ZCOUNT: (r) => ['ZCOUNT', key(r), r.pick(SCORE_BOUNDS), r.pick(SCORE_BOUNDS)],
  ZPOPMIN: (r) => ['ZPOPMIN', key(r), ...optional(r, 0.5, integer(r))],
  ZPOPMAX: (r) => ['ZPOPMAX', key(r), ...optional(r, 0.5, integer(r))],
  ZUNIONSTORE: (r) => storeCommand(r, 'ZUNIONSTORE'),
  ZINTERSTORE: (r) => storeCommand(r, 'ZINTERSTORE'),
  SELECT: (r) => ['SELECT', r.chance(0.9) ? r.pick(DATABASES) : r.pick(['16', '-1', 'x'])],
  SWAPDB: (r) => ['SWAPDB', r.pick(DATABASES), r.chance(0.9) ? r.pick(DATABASES) : r.pick(['16', 'x'])],
  FLUSHDB: (r) => (r.chance(0.15) ? ['FLUSHDB', r.pick(['ASYNC', 'SYNC', 'bogus'])] : ['FLUSHDB']),
  FLUSHALL: () => ['FLUSHALL'],
  PING: (r) => ['PING', ...optional(r, 0.5, item(r))],
  ECHO: (r) => ['ECHO', item(r)],
};

function storeCommand(random: SeededRandom, name: string): string[] {
  const count = random.integer(1, 3);
  const numkeys = random.chance(0.9) ? String(count) : random.pick(['0', 'x', '9', '-1']);
  return [name, key(random), numkeys, ...random.several(KEYS, count, count), ...storeOptions(random, count)];
}

/** Commands whose replies are random picks: compared by shape and membership. */
export const RANDOM: Record<string, Generator> = {
  SPOP: (r) => ['SPOP', key(r), ...optional(r, 0.5, r.pick(['0', '1', '2', '5', '-1', 'x']))],
  SRANDMEMBER: (r) => ['SRANDMEMBER', key(r), ...optional(r, 0.6, r.pick(['0', '1', '2', '5', '-3', 'x']))],
  RANDOMKEY: () => ['RANDOMKEY'],
};

/** Rare, whole-database commands get a lower weight. */
const RARE = new Set(['FLUSHDB', 'FLUSHALL', 'SWAPDB', 'SELECT']);

/** One random step: a single command (possibly malformed), a SCAN walk, or a MULTI block. */
export type Step = { kind: 'command'; argv: string[] } | { kind: 'scan'; argv: string[] } | { kind: 'multi'; commands: string[][]; end: 'EXEC' | 'DISCARD' };

function deterministicCommand(random: SeededRandom): string[] {
  let name = random.pick(Object.keys(DETERMINISTIC));
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
    const options = [...optional(random, 0.5, 'MATCH', random.pick(PATTERNS)), ...optional(random, 0.5, 'COUNT', random.pick(['1', '2', '5', '0', 'x'])), ...optional(random, 0.3, 'TYPE', random.pick(['string', 'hash', 'list', 'set', 'zset']))];
    return { kind: 'scan', argv: ['SCAN', random.chance(0.95) ? '0' : 'bad', ...options] };
  }
  if (roll < 0.12) return { kind: 'command', argv: RANDOM[random.pick(Object.keys(RANDOM))]!(random) };
  if (roll < 0.125) return { kind: 'command', argv: random.pick([['EXEC'], ['DISCARD']]) };
  return { kind: 'command', argv: deterministicCommand(random) };
}
