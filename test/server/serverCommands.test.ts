import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Server } from '../../lib/server/Server.js';
import { RespClient, RespError } from '../support/RespClient.js';
import { temporaryDirectory } from '../snapshot/support/snapshotFixtures.js';
import { startTestServer } from './support/serverFixtures.js';

let now: number;
let keyspace: Keyspace;
let server: Server;
let client: RespClient;

beforeEach(async () => {
  now = 1_700_000_000_000;
  keyspace = new Keyspace({ clock: () => now });
  server = await startTestServer({ keyspace });
  client = await RespClient.connect(server.port);
});

afterEach(async () => {
  client.close();
  await server.close();
});

const fields = (text: unknown) =>
  new Map(
    String(text)
      .split('\r\n')
      .filter((line) => line.includes(':'))
      .map((line) => line.split(':', 2) as [string, string]),
  );

describe('server commands', () => {
  it('INFO: Redis section names and fields; default, all, everything, single sections', async () => {
    await client.call(['SET', 'k', 'v', 'PX', '100000']);
    const all = String(await client.call(['INFO', 'everything']));
    for (const title of ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Commandstats', 'Keyspace']) expect(all).toContain(`# ${title}\r\n`);
    const info = fields(all);
    expect(info.get('redis_version')).toBe('7.0.15');
    expect(info.get('role')).toBe('master');
    expect(info.get('connected_clients')).toBe('1');
    expect(info.get('blocked_clients')).toBe('0');
    expect(info.get('db0')).toBe('keys=1,expires=1,avg_ttl=0');
    // As in Redis, no replica has attached yet: no backlog, and the offset has not moved.
    expect(info.get('master_repl_offset')).toBe('0');
    expect(info.get('repl_backlog_active')).toBe('0');
    expect(info.get('repl_backlog_histlen')).toBe('0');
    expect(info.get('sync_full')).toBe('0');
    for (const field of [
      'rdb_bgsave_in_progress',
      'rdb_last_bgsave_status',
      'rdb_last_save_time',
      'rdb_changes_since_last_save',
      'current_save_keys_processed',
      'rdb_last_cow_size',
      'used_memory',
      'used_cpu_user',
      'total_commands_processed',
    ]) {
      expect(info.has(field)).toBe(true);
    }
    expect(String(await client.call(['INFO']))).not.toContain('# Commandstats');
    expect(String(await client.call(['INFO', 'commandstats']))).toMatch(/^# Commandstats\r\ncmdstat_set:calls=1,/);
    expect(await client.call(['INFO', 'nosuchsection'])).toBe('');
    expect(await client.call(['CONFIG', 'RESETSTAT'])).toBe('OK');
    expect(String(await client.call(['INFO', 'commandstats']))).not.toContain('cmdstat_set');
  });

  it('EXEC is one unit: replication$ sees the first queued write only once the whole transaction ran', async () => {
    const seen: string[] = [];
    const subscription = keyspace.replication$.subscribe(({ argv }) => seen.push(`${argv.join(' ')} (b=${keyspace.execute(['EXISTS', 'b'])})`));
    for (const command of [['MULTI'], ['SET', 'a', '1'], ['SET', 'b', '2']]) await client.call(command);
    expect(await client.call(['EXEC'])).toEqual(['OK', 'OK']);
    subscription.unsubscribe();
    expect(seen).toEqual(['SET a 1 (b=1)', 'SET b 2 (b=1)']);
  });

  it('COMMAND: COUNT, INFO, LIST, DOCS and GETKEYS from the command tables', async () => {
    const count = (await client.call(['COMMAND', 'COUNT'])) as number;
    expect(((await client.call(['COMMAND'])) as unknown[]).length).toBe(count);
    expect((await client.call(['COMMAND', 'LIST'])) as string[]).toEqual(expect.arrayContaining(['get', 'config', 'blpop', 'subscribe']));
    expect(await client.call(['COMMAND', 'INFO', 'get', 'mset', 'nosuch'])).toEqual([
      ['get', 2, ['readonly'], 1, 1, 1, [], [], [], []],
      ['mset', -3, ['write'], 1, -1, 2, [], [], [], []],
      null,
    ]);
    expect(await client.call(['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'zrange*'])).toEqual(['zrange', 'zrangebylex', 'zrangebyscore', 'zrangestore']);
    expect(await client.call(['COMMAND', 'DOCS', 'get'])).toEqual(['get', ['summary', '', 'group', 'keyspace']]);
    expect(await client.call(['COMMAND', 'GETKEYS', 'BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'])).toEqual(['a', 'b']);
  });

  it('CLIENT LIST/INFO/KILL and SETNAME', async () => {
    const other = await RespClient.connect(server.port);
    await other.call(['CLIENT', 'SETNAME', 'other']);
    const list = String(await client.call(['CLIENT', 'LIST']));
    expect(list.trim().split('\n')).toHaveLength(2);
    expect(list).toMatch(/^id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=-?\d+ name=other age=\d+ idle=\d+ flags=N db=0 /m);
    expect(String(await client.call(['CLIENT', 'INFO']))).toMatch(/ cmd=client\|info user=default redir=-1 resp=2\n$/);
    const id = await other.call(['CLIENT', 'ID']);
    expect(await client.call(['CLIENT', 'KILL', 'ID', String(id)])).toBe(1);
    await expect(other.call(['PING'])).rejects.toThrow(/closed|ended/);
    expect(await client.call(['CLIENT', 'KILL', '1.2.3.4:5'])).toEqual(new RespError('ERR No such client'));
    expect(await client.call(['CLIENT', 'KILL', 'ID', '99999'])).toBe(0);
  });

  it('CLIENT, MEMORY and COMMAND HELP list every subcommand they answer, and only those', async () => {
    for (const container of ['CLIENT', 'MEMORY', 'COMMAND', 'CONFIG', 'PUBSUB']) {
      const help = (await client.call([container, 'HELP'])) as string[];
      expect(help[0]).toBe(`${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
      expect(help.slice(-2)).toEqual(['HELP', '    Prints this help.']);
      const listed = help
        .slice(1, -2)
        .filter((line) => /^[A-Z]/.test(line))
        .map((line) => line.split(' ')[0]!);
      expect(new Set(listed).size).toBeGreaterThan(1);
      for (const name of listed) {
        const reply = await client.call([container, name]); // at worst an arity error
        expect(reply instanceof RespError ? reply.message : 'answered', `${container} ${name}`).not.toMatch(/unknown subcommand/);
      }
    }
  });

  it('MEMORY USAGE estimates live keys and answers nil for missing or expired ones', async () => {
    await client.call(['RPUSH', 'l', 'a', 'b', 'c']);
    await client.call(['SET', 'short', 'x', 'PX', '10']);
    expect(await client.call(['MEMORY', 'USAGE', 'l'])).toBeGreaterThan(3);
    expect(await client.call(['MEMORY', 'USAGE', 'l', 'SAMPLES', '5'])).toBeGreaterThan(3);
    expect(await client.call(['MEMORY', 'USAGE', 'nothing'])).toBe(null);
    now += 20;
    expect(await client.call(['MEMORY', 'USAGE', 'short'])).toBe(null);
    expect(await client.call(['MEMORY', 'USAGE', 'l', 'SAMPLES'])).toEqual(new RespError('ERR syntax error'));
  });

  it('WATCH with expiry as Redis 7.0: a watched key that expires aborts; one already expired at WATCH does not', async () => {
    await client.call(['SET', 'soon', 'v', 'PX', '100']);
    await client.call(['WATCH', 'soon']);
    now += 200;
    await client.call(['MULTI']);
    await client.call(['PING']);
    expect(await client.call(['EXEC'])).toBe(null);
    await client.call(['WATCH', 'soon']);
    expect(await client.call(['GET', 'soon'])).toBe(null);
    await client.call(['MULTI']);
    await client.call(['PING']);
    expect(await client.call(['EXEC'])).toEqual(['PONG']);
  });

  it('notifies `expired` for a key deleted by expiry, `del` for a DEL command', async () => {
    const subscriber = await RespClient.connect(server.port);
    await client.call(['CONFIG', 'SET', 'notify-keyspace-events', 'Egx']);
    // RespClient pairs each call with the next reply: the second confirmation answers this PING.
    await subscriber.call(['SUBSCRIBE', '__keyevent@0__:expired', '__keyevent@0__:del']);
    expect(await subscriber.call(['PING'])).toEqual(['subscribe', '__keyevent@0__:del', 2]);
    await client.call(['SET', 'short', 'v', 'PX', '10']);
    await client.call(['SET', 'other', 'v']);
    now += 20;
    expect(await client.call(['GET', 'short'])).toBe(null);
    await client.call(['DEL', 'other']);
    expect(await subscriber.call(['PING'])).toEqual(['pong', '']);
    expect(await subscriber.call(['PING'])).toEqual(['message', '__keyevent@0__:expired', 'short']);
    expect(await subscriber.call(['PING'])).toEqual(['message', '__keyevent@0__:del', 'other']);
    expect(fields(await client.call(['INFO', 'stats'])).get('expired_keys')).toBe('1');
    subscriber.close();
  });

  it('CONFIG SET applies all pairs or none; REWRITE writes the config file', async () => {
    expect(await client.call(['CONFIG', 'SET', 'maxclients', '50', 'timeout', 'x'])).toEqual(
      new RespError("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer"),
    );
    expect(await client.call(['CONFIG', 'GET', 'maxclients'])).toEqual(['maxclients', '10000']);
    expect(await client.call(['CONFIG', 'SET', 'port', '1'])).toEqual(new RespError("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config"));
    expect(await client.call(['CONFIG', 'REWRITE'])).toEqual(new RespError('ERR The server is running without a config file'));
    const { directory, cleanup } = await temporaryDirectory();
    const file = join(directory, 'forkless.conf');
    await writeFile(file, 'port 0\n');
    server.configFile = file;
    await client.call(['CONFIG', 'SET', 'maxclients', '50', 'save', '']);
    expect(await client.call(['CONFIG', 'REWRITE'])).toBe('OK');
    expect(await readFile(file, 'utf8')).toMatch(/^save ""\nmaxclients 50\n$/m);
    await cleanup();
  });
});
