import { describe, expect, it } from 'vitest';
import { RespClient } from '../support/RespClient.js';
import { serversSideBySide } from './support/serverFixtures.js';

/**
 * Requests that fail in every way Redis counts: at run time, rejected before it, in MULTI,
 * unknown commands and subcommands; stats of subcommands under `container|sub`. It starts with
 * CONFIG RESETSTAT, which counts itself in the fresh stats.
 */
const SCRIPT: string[][] = [
  ['CONFIG', 'RESETSTAT'],
  ['SET', 's', 'x'],
  ['LPUSH', 's', 'y'],
  ['INCR', 's'],
  ['NOSUCH'],
  ['GET'],
  ['MULTI'],
  ['INCR', 's'],
  ['EXEC'],
  ['MULTI'],
  ['NOSUCH2'],
  ['EXEC'],
  ['AUTH', 'nopassword'],
  ['SELECT', '99'],
  ['BLPOP', 'l', '-1'],
  ['ZADD', 'z', 'NaN', 'm'],
  ['OBJECT', 'FREQ', 's'],
  ['PING'],
  ['CONFIG', 'GET', 'port'],
  ['CONFIG', 'NOSUCH'],
  ['CLIENT', 'KILL'],
  ['CLIENT', 'ID'],
  ['MULTI'],
  ['CLIENT', 'NOSUCH'],
  ['EXEC'],
];

/** INFO's error counters after the script: errorstats, total_error_replies, each command's rejected and failed calls. */
async function errorCounters(port: number): Promise<{ errorstats: string[]; total: string | undefined; commands: string[] }> {
  const client = await RespClient.connect(port);
  try {
    for (const command of SCRIPT) await client.call(command);
    const info = String(await client.call(['INFO', 'everything'])).split('\r\n');
    const commands = info
      .filter((line) => /^cmdstat_(set|lpush|incr|get|multi|exec|auth|select|blpop|zadd|ping|config\|\w+|client\|\w+|config|client):/.test(line))
      .map((line) => line.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
      .sort();
    return { errorstats: info.filter((line) => line.startsWith('errorstat_')), total: info.find((line) => line.startsWith('total_error_replies:')), commands };
  } finally {
    client.close();
  }
}

describe('error counters differential against redis-server 7.0', () => {
  const pair = serversSideBySide();

  it('counts every error reply by kind (INFO errorstats), in total, and as rejected or failed calls', async () => {
    const expected = await errorCounters(pair.redis.port);
    const actual = await errorCounters(pair.server.port);
    expect(actual).toEqual(expected);
    expect(actual.errorstats).toContain('errorstat_WRONGTYPE:count=1');
    expect(actual.commands.some((line) => line.startsWith('cmdstat_config|resetstat:calls=1,'))).toBe(true);
  });
});
