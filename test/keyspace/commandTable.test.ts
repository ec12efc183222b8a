import { describe, expect, it } from 'vitest';
import { commandTable } from '../../lib/keyspace/commands/index.js';

/** The keys of an argv as "key:r" / "key:w" strings, in db 0. */
function keysOf(argv: string[]): string[] {
  const specification = commandTable.get(argv[0]!.toLowerCase())!;
  return specification.keys(argv, 0).map(({ key, write }) => `${key}:${write ? 'w' : 'r'}`);
}

const flagsOf = (name: string) => [...commandTable.get(name)!.flags].sort();

describe('command table', () => {
  it('lists every command of the issue', () => {
    const required = `get set setnx setex psetex getset getdel getex mget mset msetnx append strlen getrange setrange incr incrby decr decrby incrbyfloat
      del unlink exists type rename renamenx copy move expire pexpire expireat pexpireat ttl pttl persist keys scan dbsize randomkey
      hset hsetnx hget hmget hdel hgetall hlen hexists hincrby hincrbyfloat hkeys hvals
      lpush rpush lpushx rpushx lpop rpop llen lrange lindex lset lrem ltrim linsert lmove rpoplpush
      sadd srem smembers sismember scard spop srandmember smove sunion sinter sdiff sunionstore sinterstore sdiffstore
      zadd zrem zscore zincrby zcard zrank zrevrank zrange zrangebyscore zcount zpopmin zpopmax zunionstore zinterstore
      select swapdb flushdb flushall multi exec discard ping echo`.split(/\s+/);
    expect(required.filter((name) => !commandTable.has(name))).toEqual([]);
  });

  it('has Valkey arities', () => {
    const arities = Object.fromEntries(['hset', 'hget', 'lpop', 'lmove', 'linsert', 'smove', 'spop', 'zadd', 'zrange', 'zunionstore', 'zincrby'].map((name) => [name, commandTable.get(name)!.arity]));
    expect(arities).toEqual({ hset: -4, hget: 3, lpop: -2, lmove: 5, linsert: 5, smove: 4, spop: -2, zadd: -4, zrange: -4, zunionstore: -4, zincrby: 4 });
  });

  it('marks writes, reads and first-key-only writes', () => {
    expect(flagsOf('hset')).toEqual(['write']);
    expect(flagsOf('zrange')).toEqual(['readonly']);
    expect(flagsOf('srandmember')).toEqual(['readonly']);
    expect(flagsOf('sunionstore')).toEqual(['write', 'write-first-key-only']);
    expect(flagsOf('zinterstore')).toEqual(['write', 'write-first-key-only']);
    expect(flagsOf('smove')).toEqual(['write']);
  });

  it('finds written and read keys without running the command', () => {
    expect(keysOf(['ZUNIONSTORE', 'dest', '2', 'a', 'b', 'WEIGHTS', '1', '2'])).toEqual(['dest:w', 'a:r', 'b:r']);
    expect(keysOf(['ZINTERSTORE', 'dest', 'x', 'a'])).toEqual(['dest:w']);
    expect(keysOf(['ZINTERSTORE', 'dest', '5', 'a'])).toEqual(['dest:w', 'a:r']);
    expect(keysOf(['SDIFFSTORE', 'dest', 'a', 'b'])).toEqual(['dest:w', 'a:r', 'b:r']);
    expect(keysOf(['SINTER', 'a', 'b'])).toEqual(['a:r', 'b:r']);
    expect(keysOf(['SMOVE', 'src', 'dst', 'm'])).toEqual(['src:w', 'dst:w']);
    expect(keysOf(['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'])).toEqual(['src:w', 'dst:w']);
    expect(keysOf(['RPOPLPUSH', 'src', 'dst'])).toEqual(['src:w', 'dst:w']);
    expect(keysOf(['HSET', 'h', 'f', 'v'])).toEqual(['h:w']);
    expect(keysOf(['ZSCORE', 'z', 'm'])).toEqual(['z:r']);
  });
});
