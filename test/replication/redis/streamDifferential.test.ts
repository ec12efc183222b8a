import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { encodeCommand } from '../../../lib/replication/redis/encodeCommand.js';
import { startServer } from '../../../lib/server/startServer.js';
import { RespClient } from '../../support/RespClient.js';
import { waitFor } from '../support/waitFor.js';
import { startRedisProcess } from './support/redisProcess.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A bare replica connection: PSYNC, the RDB skipped, then every byte of the stream. */
async function tapStream(port: number): Promise<{ stream: () => string; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  const text = () => received.toString('latin1');
  // One at a time: Redis refuses PSYNC while a reply is pending.
  socket.write(encodeCommand(['REPLCONF', 'capa', 'eof']));
  await waitFor(() => text() === '+OK\r\n', 'REPLCONF answered');
  socket.write(encodeCommand(['PSYNC', '?', '-1']));
  await waitFor(() => /\$EOF:([0-9a-f]{40})\r\n/.test(text()), 'the payload preamble');
  const mark = /\$EOF:([0-9a-f]{40})\r\n/.exec(text())![1]!;
  await waitFor(() => text().indexOf(mark) !== text().lastIndexOf(mark), 'the end of the RDB');
  const start = text().lastIndexOf(mark) + mark.length;
  // As a replica, ACK every 100 ms: Redis starts the stream on an ACK that comes after it has
  // marked the transfer done, which may be later than the RDB's last byte.
  const acks = setInterval(() => socket.write(encodeCommand(['REPLCONF', 'ACK', '0'])), 100);
  cleanups.push(() => clearInterval(acks));
  socket.write(encodeCommand(['REPLCONF', 'ACK', '0']));
  return { stream: () => text().slice(start), socket };
}

/** Runs one session's commands in order; `wait` lets the keys set with PX 1 expire. */
async function runScript(port: number, script: string[]): Promise<void> {
  const client = await RespClient.connect(port);
  try {
    for (const line of script) {
      if (line === 'wait') await new Promise((resolve) => setTimeout(resolve, 30));
      else await client.call(line.split(' ')).catch(() => undefined);
    }
  } finally {
    client.close();
  }
}

const SCRIPT = [
  'SET a 1',
  ...['MULTI', 'SET a 2', 'SET b 2', 'EXEC'],
  ...['MULTI', 'SET a 3', 'GET a', 'EXEC'],
  ...['MULTI', 'GET a', 'EXEC'],
  ...['SELECT 3', 'MULTI', 'SET a 1', 'SELECT 5', 'SET b 2', 'EXEC', 'SELECT 0'],
  ...['MULTI', 'SET a 1', 'INCR q', 'LPUSH a x', 'EXEC'],
  ...['SET e 1 PX 1', 'SET f 1 PX 1', 'SET p 1 PX 1', 'SET r 1 PX 1', 'SET g 1 PX 1', 'SADD s x', 'PEXPIRE s 1', 'wait'],
  'SET e 2',
  'GET f',
  'MSET p 2 r 2',
  'SREM s y',
  ...['SELECT 4', 'MULTI', 'SET x 1', 'SELECT 0', 'GET g', 'EXEC', 'SELECT 0'],
  ...['INCRBYFLOAT fl 1.5', 'MULTI', 'INCRBYFLOAT fl 1.5', 'EXEC'],
  ...['RPUSH list a b c', 'MULTI', 'LPOP list', 'RPOP list', 'EXEC'],
  ...['MULTI', 'SET z 1', 'FLUSHALL', 'EXEC'],
  'SET end 1',
];

/** Absolute expiry times differ between the two servers. */
const withoutTimes = (stream: string) => stream.replace(/\$13\r\n\d{13}\r\n/g, '$13\r\n<time>\r\n');

describe('the replication stream, byte for byte against redis-server 7.0', () => {
  it('transactions, one-write and read-only EXECs, lazy-expiry DELs with and without their write, SELECT inside MULTI', async () => {
    const redis = await startRedisProcess([
      '--enable-debug-command',
      'yes',
      '--repl-diskless-sync',
      'yes',
      '--repl-diskless-sync-delay',
      '0',
      '--repl-ping-replica-period',
      '3600',
    ]);
    cleanups.push(() => redis.stop());
    expect(await redis.call(['DEBUG', 'SET-ACTIVE-EXPIRE', '0'])).toBe('OK');
    const forkless = await startServer({ port: 0, save: '', keyspace: new Keyspace({ activeExpiry: false }), config: { 'repl-ping-replica-period': 3600 } });
    cleanups.push(() => forkless.close());
    const end = encodeCommand(['SET', 'end', '1']).toString('latin1');
    const streams: string[] = [];
    for (const port of [redis.port, forkless.port]) {
      const { stream } = await tapStream(port);
      await runScript(port, SCRIPT);
      await waitFor(() => stream().endsWith(end), 'the end of the script on the stream', 5_000).catch((error: Error) => {
        throw new Error(`${error.message} (port ${port === redis.port ? 'redis' : 'forkless'}): ${JSON.stringify(stream().slice(-300))}`);
      });
      streams.push(withoutTimes(stream()));
    }
    const [expected, actual] = streams as [string, string];
    expect(expected).toContain('MULTI');
    expect(actual).toBe(expected);
  }, 60_000);
});
