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
      select swapdb flushdb flushall multi exec discard ping echo
      setbit getbit bitcount bitpos bitop bitfield bitfield_ro lcs substr lpos lmpop blpop brpop blmove brpoplpush blmpop
      hrandfield hscan smismember sintercard sscan zrangestore zmscore zrandmember zinter zunion zdiff zdiffstore zintercard
      zlexcount zrangebylex zrevrangebylex zremrangebyrank zremrangebyscore zremrangebylex zmpop bzpopmin bzpopmax bzmpop zscan
      touch object sort sort_ro wait pfadd pfcount pfmerge`.split(/\s+/);
    expect(required.filter((name) => !commandTable.has(name))).toEqual([]);
  });

  it('has Valkey arities', () => {
    const arities = Object.fromEntries(
      ['hset', 'hget', 'lpop', 'lmove', 'linsert', 'smove', 'spop', 'zadd', 'zrange', 'zunionstore', 'zincrby'].map((name) => [name, commandTable.get(name)!.arity]),
    );
    expect(arities).toEqual({ hset: -4, hget: 3, lpop: -2, lmove: 5, linsert: 5, smove: 4, spop: -2, zadd: -4, zrange: -4, zunionstore: -4, zincrby: 4 });
  });

  it('has redis-server 7.0.15 arities for the round-2 commands (COMMAND INFO)', () => {
    const expected: Record<string, number> = {
      setbit: 4,
      getbit: 3,
      bitcount: -2,
      bitpos: -3,
      bitop: -4,
      bitfield: -2,
      bitfield_ro: -2,
      lcs: -3,
      substr: 4,
      lpos: -3,
      lmpop: -4,
      blpop: -3,
      brpop: -3,
      blmove: 6,
      brpoplpush: 4,
      blmpop: -5,
      hrandfield: -2,
      hscan: -3,
      smismember: -3,
      sintercard: -3,
      sscan: -3,
      zrangestore: -5,
      zmscore: -3,
      zrandmember: -2,
      zinter: -3,
      zunion: -3,
      zdiff: -3,
      zdiffstore: -4,
      zintercard: -3,
      zlexcount: 4,
      zrangebylex: -4,
      zrevrangebylex: -4,
      zremrangebyrank: 4,
      zremrangebyscore: 4,
      zremrangebylex: 4,
      zmpop: -4,
      bzpopmin: -3,
      bzpopmax: -3,
      bzmpop: -5,
      zscan: -3,
      touch: -2,
      object: -2,
      sort: -2,
      sort_ro: -2,
      wait: 3,
      pfadd: -2,
      pfcount: -2,
      pfmerge: -2,
    };
    expect(Object.fromEntries(Object.keys(expected).map((name) => [name, commandTable.get(name)!.arity]))).toEqual(expected);
  });

  it('flags the blocking commands, and PFCOUNT as a read that may replicate', () => {
    const blocking = [...commandTable.values()]
      .filter(({ flags }) => flags.has('blocking'))
      .map(({ name }) => name)
      .sort();
    expect(blocking).toEqual(['blmove', 'blmpop', 'blpop', 'brpop', 'brpoplpush', 'bzmpop', 'bzpopmax', 'bzpopmin']);
    for (const name of blocking) expect(commandTable.get(name)!.flags.has('write')).toBe(true);
    expect(flagsOf('pfcount')).toEqual(['may-replicate', 'readonly']);
    expect(flagsOf('sort')).toEqual(['write']);
    expect(flagsOf('sort_ro')).toEqual(['readonly']);
    expect(flagsOf('zdiffstore')).toEqual(['write', 'write-first-key-only']);
  });

  it('finds the keys of the round-2 commands (numkeys, STORE, timeouts)', () => {
    expect(keysOf(['BLPOP', 'a', 'b', '0'])).toEqual(['a:w', 'b:w']);
    expect(keysOf(['BLMPOP', '0', '2', 'a', 'b', 'LEFT'])).toEqual(['a:w', 'b:w']);
    expect(keysOf(['LMPOP', '1', 'a', 'RIGHT', 'COUNT', '2'])).toEqual(['a:w']);
    expect(keysOf(['ZINTER', '2', 'a', 'b', 'WITHSCORES'])).toEqual(['a:r', 'b:r']);
    expect(keysOf(['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'])).toEqual(['a:r', 'b:r']);
    expect(keysOf(['ZDIFFSTORE', 'd', '2', 'a', 'b'])).toEqual(['d:w', 'a:r', 'b:r']);
    expect(keysOf(['ZRANGESTORE', 'd', 's', '0', '-1'])).toEqual(['d:w', 's:r']);
    expect(keysOf(['SORT', 's', 'BY', 'w_*', 'GET', '#', 'LIMIT', '0', '1', 'STORE', 'd'])).toEqual(['s:r', 'd:w']);
    expect(keysOf(['SORT_RO', 's', 'STORE', 'd'])).toEqual(['s:r']);
    expect(keysOf(['BITOP', 'AND', 'd', 'a', 'b'])).toEqual(['d:w', 'a:r', 'b:r']);
    expect(keysOf(['PFMERGE', 'd', 'a'])).toEqual(['d:w', 'a:r']);
    expect(keysOf(['PFCOUNT', 'a', 'b'])).toEqual(['a:r', 'b:r']);
    expect(keysOf(['OBJECT', 'ENCODING', 'k'])).toEqual(['k:r']);
    expect(keysOf(['OBJECT', 'HELP'])).toEqual([]);
    expect(keysOf(['LCS', 'a', 'b', 'IDX'])).toEqual(['a:r', 'b:r']);
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
