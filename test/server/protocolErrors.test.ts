import { describe, expect, it } from 'vitest';
import { exchange, serversSideBySide } from './support/serverFixtures.js';

/** Inputs after which Redis answers a protocol error and closes; the commands before it still run. */
const HOSTILE: [string, string][] = [
  ['bad multibulk count', '*abc\r\n'],
  ['multibulk count beyond INT_MAX', '*4294967296\r\n'],
  ['missing $', '*1\r\n+PING\r\n'],
  ['negative bulk length', '*1\r\n$-5\r\n'],
  ['huge bulk length', '*1\r\n$9999999999\r\n'],
  ['bulk length with a sign', '*1\r\n$+4\r\nPING\r\n'],
  ['unbalanced quotes', 'ECHO "abc\r\n'],
  ['quote followed by text', 'ECHO "abc"def\r\n'],
  ['valid commands then garbage', 'PING\r\n*1\r\n$4\r\nPING\r\n*2\r\n!x\r\n'],
  ['binary garbage in a count', '*\x01\xff\r\n'],
  ['a NUL hiding the line end until the line is too long', `*1\x00\r\n${'x'.repeat(70_000)}`],
  ['too long inline request', 'A'.repeat(70_000)],
  ['too long multibulk count', `*${'9'.repeat(70_000)}`],
];

describe('hostile input, answered as redis-server answers it', () => {
  const pair = serversSideBySide();

  it.each(HOSTILE)('%s', async (_, input) => {
    const expected = await exchange(pair.redis.port, Buffer.from(input, 'latin1'));
    const actual = await exchange(pair.server.port, Buffer.from(input, 'latin1'));
    expect(actual).toEqual(expected);
    expect(actual.closed).toBe(true);
  });

  it('keeps serving the other clients while one sends garbage', async () => {
    const good = exchange(pair.server.port, 'PING\r\n', '+PONG\r\n');
    await exchange(pair.server.port, '*1\r\n$-5\r\n');
    expect(await good).toEqual({ reply: '+PONG\r\n', closed: false });
  });

  it('answers binary garbage as an unknown inline command, as redis-server', async () => {
    const input = Buffer.from('\xff\xfe\x80 \x01\r\nPING\r\n', 'latin1');
    expect(await exchange(pair.server.port, input, '+PONG\r\n')).toEqual(await exchange(pair.redis.port, input, '+PONG\r\n'));
  });

  it('answers unknown commands and wrong arity exactly as redis-server', async () => {
    const input = '*2\r\n$7\r\nNOTACMD\r\n$3\r\nfoo\r\nGET\r\nGET a b\r\nPING\r\n';
    expect(await exchange(pair.server.port, input, '+PONG\r\n')).toEqual(await exchange(pair.redis.port, input, '+PONG\r\n'));
  });
});
