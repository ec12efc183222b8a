import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exchange, serversSideBySide } from './support/serverFixtures.js';

/**
 * Scripted sessions sent as inline commands to both servers; the raw reply bytes must be
 * identical. Each script ends with an ECHO marker so the exchange knows when it is complete.
 */
const SCRIPTS: [string, string[]][] = [
  ['MULTI/EXEC/DISCARD errors', ['EXEC', 'DISCARD', 'MULTI', 'MULTI', 'SET a 1', 'WATCH a', 'INCR a', 'EXEC', 'GET a']],
  ['a queueing error aborts EXEC', ['MULTI', 'SET a 1', 'NOSUCH', 'GET', 'EXEC', 'GET a']],
  ['run-time errors inside EXEC stay in place', ['SET s x', 'MULTI', 'INCR s', 'SET t 1', 'LPUSH s x', 'EXEC']],
  ['WATCH: own write aborts, UNWATCH clears', ['WATCH w', 'SET w 1', 'MULTI', 'PING', 'EXEC', 'WATCH w', 'SET w 2', 'UNWATCH', 'MULTI', 'PING', 'EXEC']],
  [
    'WATCH: FLUSHDB of a missing key does not abort, of an existing one does',
    ['WATCH missing', 'FLUSHDB', 'MULTI', 'PING', 'EXEC', 'SET there 1', 'WATCH there', 'FLUSHALL', 'MULTI', 'PING', 'EXEC'],
  ],
  [
    'WATCH: SWAPDB touches keys existing in either db',
    ['SELECT 1', 'SET k 1', 'SELECT 0', 'WATCH k', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC', 'WATCH none', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC'],
  ],
  ['RESP2 subscribed mode', ['SUBSCRIBE a b', 'PSUBSCRIBE p*', 'GET x', 'PING', 'PING hi', 'UNSUBSCRIBE b', 'PUNSUBSCRIBE', 'UNSUBSCRIBE', 'UNSUBSCRIBE', 'PING']],
  ['RESP3: HELLO errors, subscriptions and pings', ['HELLO 4', 'HELLO x', 'HELLO 3 FOO', 'SUBSCRIBE c', 'PING', 'SET k v', 'GET k', 'HGETALL nohash', 'UNSUBSCRIBE c']],
  [
    'RESP3 replies: maps, sets, doubles, nulls',
    [
      'HELLO 3 SETNAME x',
      'HSET h f v',
      'HGETALL h',
      'SADD s m',
      'SMEMBERS s',
      'ZADD z 1.5 a 2 b',
      'ZSCORE z a',
      'ZRANGE z 0 -1 WITHSCORES',
      'ZPOPMIN z',
      'ZINCRBY z 1 b',
      'GET nothing',
      'LPOP nolist 2',
      'CONFIG GET maxclients',
    ],
  ],
  [
    'RESP3 shapes of the newer keyspace commands',
    [
      'HELLO 3',
      'HSET h f v',
      'HRANDFIELD h 1 WITHVALUES',
      'HRANDFIELD h -2 WITHVALUES',
      'HRANDFIELD withvalues 1',
      'ZADD z 1 a 2 b',
      'ZADD y 3 a',
      'ZRANDMEMBER y -2 WITHSCORES',
      'ZUNION 2 z y WITHSCORES',
      'ZINTER 2 z y WITHSCORES',
      'ZDIFF 1 z WITHSCORES',
      'ZUNION 1 withscores',
      'ZMSCORE z a nope',
      'ZADD zz 1 incr',
      'ZADD zz INCR 1 m',
      'ZRANGE withscores 0 -1',
      'SET get v',
      'SET get w GET',
      'MSET k1 ohmytext k2 mynewtext',
      'LCS k1 k2 IDX WITHMATCHLEN',
      'LCS k1 k2',
      'OBJECT HELP',
      'PFADD p1 a',
      'PFMERGE p2 p1',
      'RPUSH l a b c',
      'LSET l 0 x',
      'ZMPOP 1 z MIN',
      'BZMPOP 0 1 y MAX',
      'BZPOPMIN z 0',
      'LMPOP 1 l LEFT COUNT 2',
      'BLMPOP 0 1 l RIGHT',
      'MULTI',
      'BLMPOP 0 1 l RIGHT',
      'BZMPOP 0 1 z MIN',
      'BZPOPMAX z 0',
      'BLPOP l 0',
      'EXEC',
    ],
  ],
  [
    'RESP2 null arrays of blocking commands inside MULTI',
    ['MULTI', 'BLMPOP 0 1 none LEFT', 'BZMPOP 0 1 none MIN', 'BZPOPMIN none 0', 'BLMOVE none dst LEFT LEFT 0', 'BLPOP none -1', 'BLMOVE a b UP LEFT -1', 'EXEC'],
  ],
  ['RESP2 null array of LPOP with a count', ['LPOP nolist 2', 'LPOP nolist', 'SET x y GET', 'SET x z']],
  ['AUTH without a password configured', ['AUTH foo', 'AUTH default foo', 'AUTH a b c']],
  [
    'CLIENT names and replies',
    [
      'CLIENT GETNAME',
      'CLIENT SETNAME my-name',
      'CLIENT GETNAME',
      'CLIENT SETNAME "a b"',
      'CLIENT NOSUCH',
      'CLIENT REPLY SKIP',
      'PING skipped',
      'CLIENT REPLY OFF',
      'PING off',
      'CLIENT REPLY ON',
      'PING on',
    ],
  ],
  [
    'CONFIG GET/SET',
    [
      'CONFIG GET nosuch',
      'CONFIG GET list-max-ziplist-size',
      'CONFIG SET hash-max-ziplist-entries 256',
      'CONFIG GET hash-max-listpack-entries',
      'CONFIG SET nosuch 1',
      'CONFIG SET maxclients abc',
      'CONFIG GET notify-keyspace-events',
      'CONFIG SET notify-keyspace-events KEA',
      'CONFIG GET notify-keyspace-events',
    ],
  ],
  ['blocking commands inside MULTI do not block', ['MULTI', 'BLPOP nolist 0', 'BRPOP nolist 0', 'BLMOVE nolist dst LEFT RIGHT 0', 'BRPOPLPUSH nolist dst 0', 'EXEC']],
  ['blocking commands served at once, and bad timeouts', ['RPUSH l a b', 'BLPOP l 0', 'BRPOP l 0', 'RPUSH l c', 'BLMOVE l m LEFT RIGHT 0', 'BLPOP l -1', 'BLPOP l abc']],
  ['COMMAND GETKEYS and bad arity', ['COMMAND GETKEYS SET a b', 'COMMAND GETKEYS MSET a 1 b 2', 'COMMAND GETKEYS PING', 'COMMAND GETKEYS NOSUCH', 'COMMAND GETKEYS GET']],
  [
    'PUBSUB introspection (RESP3, own subscriptions)',
    [
      'HELLO 3',
      'SUBSCRIBE chan',
      'PSUBSCRIBE p*',
      'PUBSUB CHANNELS',
      'PUBSUB CHANNELS ch*',
      'PUBSUB NUMSUB chan other',
      'PUBSUB NUMPAT',
      'PUBSUB NOSUCH',
      'PUBLISH chan hello',
      'RESET',
    ],
  ],
  ['QUIT closes after its reply', ['PING', 'QUIT']],
  ['DBSIZE, ECHO, TYPE, FLUSHALL ASYNC', ['SET a 1', 'DBSIZE', 'TYPE a', 'ECHO "x y"', 'FLUSHALL ASYNC', 'DBSIZE', 'FLUSHDB SYNC']],
  [
    'WAIT without replicas: counts at once, after the timeout, inside MULTI; argument errors',
    ['SET a 1', 'WAIT 0 0', 'WAIT 1 20', 'WAIT x 0', 'WAIT 0 -1', 'WAIT 0 x', 'MULTI', 'WAIT 3 0', 'EXEC'],
  ],
  ['HELP of CONFIG and PUBSUB (all their subcommands exist), HELP arity', ['CONFIG HELP', 'PUBSUB HELP', 'CONFIG HELP x', 'CLIENT HELP x', 'MEMORY HELP x', 'COMMAND HELP x']],
  [
    'CLIENT, PUBSUB and REPLICAOF argument errors; ROLE of a master without replicas',
    [
      'CLIENT NO-EVICT x',
      'CLIENT NO-EVICT on',
      'CLIENT KILL USER x',
      'CLIENT KILL TYPE x',
      'CLIENT KILL TYPE master',
      'CLIENT LIST TYPE x',
      'CLIENT LIST TYPE replica',
      'CLIENT LIST ID x',
      'CLIENT LIST ID 0 -5',
      'CLIENT UNBLOCK x',
      'CLIENT UNBLOCK x y',
      'CLIENT UNBLOCK 1 timeout x',
      'CLIENT UNBLOCK 999999 error',
      'PUBSUB CHANNELS a b',
      'PUBSUB NUMPAT x',
      'REPLICAOF 127.0.0.1 x',
      'REPLICAOF 127.0.0.1 70000',
      'REPLICAOF 127.0.0.1 -1',
      'ROLE x',
      'ROLE',
      'REPLCONF rdb-only 2',
      'REPLCONF rdb-only x',
      'REPLCONF rdb-only 0',
      'REPLCONF rdb-filter-only x',
      'REPLCONF rdb-filter-only functions',
      'REPLCONF rdb-filter-only ""',
    ],
  ],
];

/** HELLO's `id` field differs between servers by construction. */
function withoutClientIds(reply: string): string {
  return reply.replace(/\$2\r\nid\r\n:\d+/g, '$2\r\nid\r\n:?');
}

describe('scripted sessions: byte-identical replies to redis-server', () => {
  const pair = serversSideBySide();

  it.each(SCRIPTS)('%s', async (_, commands) => {
    const marker = 'end-of-script';
    const input = `FLUSHALL\r\nCONFIG SET notify-keyspace-events ""\r\n${commands.join('\r\n')}\r\nECHO ${marker}\r\n`;
    const until = `${marker}\r\n`;
    const expected = await exchange(pair.redis.port, input, until);
    const actual = await exchange(pair.server.port, input, until);
    expect(withoutClientIds(actual.reply)).toBe(withoutClientIds(expected.reply));
  });
});

const NOTIFYING_SCRIPT = [
  'SET a 1',
  'SET a 2 EX 100',
  'PERSIST a',
  'INCRBY a 2',
  'APPEND a x',
  'RPUSH l x y',
  'LPOP l',
  'LMOVE l m RIGHT LEFT',
  'RPOPLPUSH m l',
  'HSET h f v',
  'HDEL h f',
  'SADD s a b',
  'SREM s a',
  'SMOVE s t b',
  'ZADD z 1 a',
  'ZINCRBY z 1 a',
  'ZADD z INCR 1 a',
  'ZREM z a',
  'RENAME a b',
  'DEL b',
  'MSET c 1 d 2',
  'COPY c e',
  'EXPIRE e 100',
  'LTRIM l 1 0',
  'PUBLISH done end',
];

/** Subscribes a second connection, runs the script on a first one and returns what the subscriber saw. */
async function notificationStream(port: number, flags: string): Promise<string> {
  await exchange(port, `FLUSHALL\r\nCONFIG SET notify-keyspace-events ${flags}\r\n`, '+OK\r\n+OK\r\n');
  const subscriber = connect({ host: '127.0.0.1', port });
  let seen = '';
  const done = new Promise<string>((resolve) =>
    subscriber.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.endsWith('$4\r\ndone\r\n$3\r\nend\r\n')) resolve(seen);
    }),
  );
  const subscribed = new Promise<void>((resolve) => subscriber.once('data', () => resolve()));
  subscriber.write('SUBSCRIBE done\r\nPSUBSCRIBE __key*__:*\r\n');
  await subscribed;
  while (!seen.includes('psubscribe')) await new Promise((resolve) => setImmediate(resolve));
  await exchange(port, `${NOTIFYING_SCRIPT.join('\r\n')}\r\n`, ':1\r\n');
  const stream = await done;
  subscriber.destroy();
  return stream;
}

describe('keyspace notifications: the same events in the same order as redis-server', () => {
  const pair = serversSideBySide();

  it.each(['KEA', 'Kl', 'E$gh', 'Ez'])('notify-keyspace-events %s', async (flags) => {
    const expected = await notificationStream(pair.redis.port, flags);
    const actual = await notificationStream(pair.server.port, flags);
    expect(actual.split('\r\n')).toEqual(expected.split('\r\n'));
  });
});
