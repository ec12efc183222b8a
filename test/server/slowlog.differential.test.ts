import { describe, expect, it } from 'vitest';
import { RespClient, RespError, type RespReply } from '../support/RespClient.js';
import { serversSideBySide } from './support/serverFixtures.js';

/** Commands sent over one connection to each server, every one of them slow enough to be logged. */
const SCRIPT: string[][] = [
  ['SET', 'k', 'v'],
  ['GET', 'k'],
  ['AUTH', 'nopassword'],
  ['HELLO', '2', 'AUTH', 'default', 'secret'],
  ['CONFIG', 'SET', 'masterauth', 'secret'],
  ['CONFIG', 'SET', 'masterauth', ''],
  ['CLIENT', 'SETNAME', 'logged'],
  ['ECHO', 'x'.repeat(200)],
  ['RPUSH', 'list', ...Array.from({ length: 40 }, (_, index) => String(index))],
  ['MULTI'],
  ['ECHO', 'inside'],
  ['EXEC'],
  ['NOSUCHCOMMAND'],
  ['GET'],
  ['SLOWLOG', 'LEN'],
];

/** An entry without what differs between two servers by nature: id (made relative), time, duration, port. */
function comparable(entries: RespReply, firstId: number): RespReply[] {
  return (entries as RespReply[][]).map(([id, time, duration, argv, address, name]) => [
    (id as number) - firstId,
    typeof time,
    typeof duration,
    argv!,
    String(address).replace(/:\d+$/, ':port'),
    name!,
  ]);
}

/** HELLO's `id` field differs between servers by construction. */
function withoutClientId(reply: RespReply): RespReply {
  return Array.isArray(reply) && reply[0] === 'server' ? reply.map((value, index) => (reply[index - 1] === 'id' ? '?' : value)) : reply;
}

async function run(port: number): Promise<{ log: RespReply[]; replies: RespReply[]; trimmed: RespReply; errors: RespReply[] }> {
  const client = await RespClient.connect(port);
  try {
    await client.call(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']);
    await client.call(['SLOWLOG', 'RESET']);
    const replies: RespReply[] = [];
    for (const command of SCRIPT) replies.push(withoutClientId(await client.call(command)));
    const all = (await client.call(['SLOWLOG', 'GET', '-1'])) as RespReply[][];
    const firstId = all.at(-1)![0] as number;
    const log = comparable(all, firstId);
    await client.call(['CONFIG', 'SET', 'slowlog-max-len', '2']);
    const trimmed = comparable(await client.call(['SLOWLOG', 'GET']), firstId);
    const errors = [
      await client.call(['SLOWLOG', 'GET', 'x']),
      await client.call(['SLOWLOG', 'GET', '-2']),
      await client.call(['SLOWLOG', 'GET', '1', '2']),
      await client.call(['SLOWLOG', 'LEN', 'x']),
    ];
    return { log, replies, trimmed, errors };
  } finally {
    await client.call(['CONFIG', 'SET', 'slowlog-log-slower-than', '10000', 'slowlog-max-len', '128']);
    client.close();
  }
}

describe('SLOWLOG differential against redis-server 7.0', () => {
  const pair = serversSideBySide();

  it('logs the same commands with the same arguments (limits, redaction, names), skips EXEC, trims to slowlog-max-len', async () => {
    const expected = await run(pair.redis.port);
    const actual = await run(pair.server.port);
    expect(actual.replies).toEqual(expected.replies);
    expect(actual.log).toEqual(expected.log);
    expect(actual.trimmed).toEqual(expected.trimmed);
    expect(actual.errors).toEqual(expected.errors);
    // What the comparison covers: the limits and the redaction did apply.
    const logged = actual.log.map((entry) => (entry as RespReply[])[3] as string[]);
    expect(logged).toContainEqual(['AUTH', '(redacted)']);
    expect(logged).toContainEqual(['ECHO', `${'x'.repeat(128)}... (72 more bytes)`]);
    expect(logged.find((argv) => argv[0] === 'RPUSH')).toHaveLength(32);
    expect(logged.some((argv) => argv[0] === 'EXEC')).toBe(false);
    expect(actual.errors[0]).toEqual(new RespError('ERR count should be greater than or equal to -1'));
  });

  it('logs a blocking command once its block ends, not while it waits', async () => {
    for (const port of [pair.redis.port, pair.server.port]) {
      const [blocked, other] = [await RespClient.connect(port), await RespClient.connect(port)];
      try {
        await other.call(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']);
        await other.call(['DEL', 'queue']);
        await other.call(['SLOWLOG', 'RESET']);
        const served = blocked.call(['BLPOP', 'queue', '0']);
        await other.call(['PING']); // the BLPOP was read before this (one event loop turn each)
        const names = async () => ((await other.call(['SLOWLOG', 'GET', '-1'])) as RespReply[][]).map((entry) => (entry[3] as string[])[0]);
        await expect.poll(() => names(), { interval: 5 }).toContain('PING');
        expect(await names(), String(port)).not.toContain('BLPOP');
        await other.call(['RPUSH', 'queue', 'item']);
        expect(await served).toEqual(['queue', 'item']);
        expect((await names()).slice(0, 3), String(port)).toEqual(['BLPOP', 'RPUSH', 'SLOWLOG']);
      } finally {
        await other.call(['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']);
        blocked.close();
        other.close();
      }
    }
  });
});
