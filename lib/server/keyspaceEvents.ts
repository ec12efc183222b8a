import type { ByteString } from '../keyspace/byteString.js';

/** One keyspace event: Redis's class letter, event name and key. */
export interface KeyspaceEvent {
  readonly type: string;
  readonly event: string;
  readonly db: number;
  readonly key: ByteString;
}

type Rule = (argv: readonly ByteString[], db: number) => KeyspaceEvent[];

const on =
  (type: string, event: string, positions: (argv: readonly ByteString[]) => number[]): Rule =>
  (argv, db) =>
    positions(argv).map((index) => ({ type, event, db, key: argv[index]! }));
const first = () => [1];
const all = (argv: readonly ByteString[]) => argv.slice(1).map((_, index) => index + 1);
const pairs = (argv: readonly ByteString[]) => argv.slice(1).flatMap((_, index) => (index % 2 === 0 ? [index + 1] : []));
const hasExpiry = (argv: readonly ByteString[]) => argv.slice(3).some((word) => /^(ex|px|exat|pxat)$/i.test(word));
const end = (word: ByteString | undefined) => (word?.toLowerCase() === 'left' ? 'l' : 'r');

const combine =
  (...rules: Rule[]): Rule =>
  (argv, db) =>
    rules.flatMap((rule) => rule(argv, db));

/** Events of each propagated command (its deterministic form: SET … PXAT, SPOP as SREM, …). */
const RULES: Record<string, Rule> = {
  del: on('g', 'del', all),
  unlink: on('g', 'del', all),
  expire: on('g', 'expire', first),
  pexpire: on('g', 'expire', first),
  expireat: on('g', 'expire', first),
  pexpireat: on('g', 'expire', first),
  persist: on('g', 'persist', first),
  rename: combine(
    on('g', 'rename_from', first),
    on('g', 'rename_to', () => [2]),
  ),
  renamenx: combine(
    on('g', 'rename_from', first),
    on('g', 'rename_to', () => [2]),
  ),
  copy: on('g', 'copy_to', () => [2]),
  set: (argv, db) => [{ type: '$', event: 'set', db, key: argv[1]! }, ...(hasExpiry(argv) ? [{ type: 'g', event: 'expire', db, key: argv[1]! }] : [])],
  mset: on('$', 'set', pairs),
  msetnx: on('$', 'set', pairs),
  setrange: on('$', 'setrange', first),
  append: on('$', 'append', first),
  incr: on('$', 'incrby', first),
  decr: on('$', 'decrby', first),
  incrby: on('$', 'incrby', first),
  decrby: on('$', 'decrby', first),
  lpush: on('l', 'lpush', first),
  lpushx: on('l', 'lpush', first),
  rpush: on('l', 'rpush', first),
  rpushx: on('l', 'rpush', first),
  lpop: on('l', 'lpop', first),
  rpop: on('l', 'rpop', first),
  linsert: on('l', 'linsert', first),
  lset: on('l', 'lset', first),
  lrem: on('l', 'lrem', first),
  ltrim: on('l', 'ltrim', first),
  // Redis notifies the push into the destination before the pop from the source.
  lmove: (argv, db) => [
    { type: 'l', event: `${end(argv[4])}push`, db, key: argv[2]! },
    { type: 'l', event: `${end(argv[3])}pop`, db, key: argv[1]! },
  ],
  rpoplpush: (argv, db) => [
    { type: 'l', event: 'lpush', db, key: argv[2]! },
    { type: 'l', event: 'rpop', db, key: argv[1]! },
  ],
  hset: on('h', 'hset', first),
  hmset: on('h', 'hset', first),
  hsetnx: on('h', 'hset', first),
  hdel: on('h', 'hdel', first),
  hincrby: on('h', 'hincrby', first),
  sadd: on('s', 'sadd', first),
  srem: on('s', 'srem', first),
  smove: combine(
    on('s', 'srem', first),
    on('s', 'sadd', () => [2]),
  ),
  sinterstore: on('s', 'sinterstore', first),
  sunionstore: on('s', 'sunionstore', first),
  sdiffstore: on('s', 'sdiffstore', first),
  zadd: (argv, db) => [{ type: 'z', event: argv.some((word) => word.toLowerCase() === 'incr') ? 'zincr' : 'zadd', db, key: argv[1]! }],
  zincrby: on('z', 'zincr', first),
  zrem: on('z', 'zrem', first),
  zpopmin: on('z', 'zpopmin', first),
  zpopmax: on('z', 'zpopmax', first),
  zunionstore: on('z', 'zunionstore', first),
  zinterstore: on('z', 'zinterstore', first),
};

/**
 * The keyspace events Redis would notify for one propagated write. `expiring` marks a DEL that
 * comes from expiry (lazy or active) rather than from a DEL command: its event is `expired`.
 *
 * @example
 * ```ts
 * keyspaceEvents(['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'], 0, false); // lpop on a, rpush on b
 * ```
 */
export function keyspaceEvents(argv: readonly ByteString[], db: number, expiring: boolean): KeyspaceEvent[] {
  const name = argv[0]!.toLowerCase();
  if (name === 'del' && expiring) return argv.slice(1).map((key) => ({ type: 'x', event: 'expired', db, key }));
  return RULES[name]?.(argv, db) ?? [];
}
