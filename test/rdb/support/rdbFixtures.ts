import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { captureKeyspace, fromResp, type Comparable } from '../../support/replyComparison.js';
import { startRedisServer } from '../../support/redisServer.js';
import { RespClient } from '../../support/RespClient.js';
import { dumpDatabases, dumpDifferences, type KeyDump } from '../../support/stateDump.js';

/** Databases the fixtures write to. */
export const FIXTURE_DATABASES = [0, 3, 15];

/** A TTL far enough ahead never to fire during a test (ms since the epoch, year 2100). */
export const FAR_EXPIRY = 4102444800000;

const range = <T>(count: number, name: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => name(index));

/**
 * Commands that build keys of every type and, in a real Redis 7.0, every encoding it writes:
 * int and LZF-compressible strings, intset and hashtable sets, listpack and hashtable hashes,
 * listpack and skiplist sorted sets, single- and many-node quicklists; binary keys and values,
 * ±inf and -0 scores, expiries; spread over several databases.
 */
export function fixtureCommands(): { db: number; argv: string[] }[] {
  const commands: { db: number; argv: string[] }[] = [];
  const add = (db: number, ...argv: string[]) => commands.push({ db, argv });
  add(0, 'SET', 'str', 'hello');
  add(0, 'SET', 'int', '12345');
  add(0, 'SET', 'negative', '-7');
  add(0, 'SET', 'big-int', '9223372036854775807');
  add(0, 'SET', 'empty', '');
  add(0, 'SET', 'compressible', 'abc'.repeat(2000));
  add(0, 'SET', 'compressible-short', 'xyz'.repeat(40));
  add(0, 'SET', 'bin\xff\x00key', '\x00\x01\xfe\xff value');
  add(0, 'SET', 'ttl', 'expiring', 'PXAT', String(FAR_EXPIRY));
  add(0, 'RPUSH', 'small-list', 'a', 'b', '1', '-300', '70000', '\xff');
  add(0, 'RPUSH', 'big-list', ...range(3000, (index) => `element-${index}-${'x'.repeat(index % 50)}`));
  add(0, 'SADD', 'intset', '1', '2', '-3', '100000', '5000000000');
  add(0, 'SADD', 'small-set', 'a', 'b', 'c');
  add(3, 'SADD', 'big-set', ...range(1000, (index) => `member-${index}`));
  add(3, 'SADD', 'big-intset-overflow', ...range(600, (index) => String(index)));
  add(3, 'HSET', 'small-hash', 'f1', 'v1', 'n', '42', 'long', 'y'.repeat(60));
  add(3, 'HSET', 'big-hash', ...range(700, (index) => [`field-${index}`, `value-${index}`]).flat());
  add(3, 'ZADD', 'small-zset', '1', 'a', '1.5', 'b', '-inf', 'low', '+inf', 'high', '-0', 'zero', '100', 'int');
  add(15, 'ZADD', 'big-zset', ...range(300, (index) => [String(index / 7), `m-${index}`]).flat());
  add(15, 'RPUSH', 'ttl-list', 'x', 'y');
  add(15, 'PEXPIREAT', 'ttl-list', String(FAR_EXPIRY + 1000));
  return commands;
}

/** Runs the fixture commands on a keyspace. */
export function populateKeyspace(keyspace: Keyspace): void {
  for (const { db, argv } of fixtureCommands())
    keyspace.execute(
      argv.map((argument) => Buffer.from(argument, 'latin1')),
      { db },
    );
}

/** Runs the fixture commands on a redis-server. */
export async function populateRedis(client: RespClient): Promise<void> {
  for (const { db, argv } of fixtureCommands()) {
    await client.call(['SELECT', String(db)]);
    await client.call(argv.map((argument) => Buffer.from(argument, 'latin1')));
  }
  await client.call(['SELECT', '0']);
}

/** Every key of the fixture databases (type, value, PEXPIRETIME) as redis-server holds them. */
export function redisDump(client: RespClient, databases = FIXTURE_DATABASES): Promise<KeyDump[][]> {
  return dumpDatabases(async (argv, db) => {
    await client.call(['SELECT', String(db)]);
    return fromResp(await client.call(argv.map((argument) => Buffer.from(argument, 'latin1'))));
  }, databases);
}

/** Every key of the fixture databases as a keyspace holds them. */
export function keyspaceDump(keyspace: Keyspace, databases = FIXTURE_DATABASES): Promise<KeyDump[][]> {
  return dumpDatabases(
    async (argv, db): Promise<Comparable> =>
      captureKeyspace(() =>
        keyspace.execute(
          argv.map((argument) => Buffer.from(argument, 'latin1')),
          { db, encoding: 'binary' },
        ),
      ),
    databases,
  );
}

/** Differences with exact expiries (absolute times on both sides). */
export function exactDifferences(expected: KeyDump[][], actual: KeyDump[][]): string[] {
  return dumpDifferences(expected, actual, 0);
}

/** `redis-check-rdb <path>`: resolves with its output when it says the file is fine, rejects otherwise. */
export async function checkRdb(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)('redis-check-rdb', [path]);
  if (!stdout.includes('RDB looks OK')) throw new Error(`redis-check-rdb rejected ${path}:\n${stdout}`);
  return stdout;
}

/** A fresh temporary directory and its removal. */
export async function temporaryDirectory(): Promise<{ directory: string; cleanup: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'forkless-rdb-'));
  return { directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

/** An RDB a real redis-server 7.0 writes after the fixture commands `keep` selects. */
export async function redisDumpOf(keep: (argv: string[]) => boolean): Promise<Buffer> {
  const { directory, cleanup } = await temporaryDirectory();
  const server = await startRedisServer(undefined, ['--dir', directory, '--dbfilename', 'dump.rdb', '--rdbcompression', 'yes']);
  const client = await RespClient.connect(server.port);
  try {
    for (const { db, argv } of fixtureCommands().filter(({ argv }) => keep(argv))) {
      await client.call(['SELECT', String(db)]);
      await client.call(argv.map((argument) => Buffer.from(argument, 'latin1')));
    }
    await client.call(['SAVE']);
    return await readFile(join(directory, 'dump.rdb'));
  } finally {
    client.close();
    await server.stop();
    await cleanup();
  }
}
