import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { Server } from '../../lib/server/Server.js';
import { startServer } from '../../lib/server/startServer.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { RespClient, RespError } from '../support/RespClient.js';
import { temporaryDirectory } from '../snapshot/support/snapshotFixtures.js';
import { startTestServer } from './support/serverFixtures.js';
import { VirtualScheduler } from './support/VirtualScheduler.js';

let directory: string;
let cleanup: () => Promise<void>;
let server: Server | undefined;
let client: RespClient | undefined;

beforeEach(async () => {
  ({ directory, cleanup } = await temporaryDirectory());
});

afterEach(async () => {
  client?.close();
  await server?.close();
  server = undefined;
  await cleanup();
});

function infoField(info: unknown, field: string): string {
  return new RegExp(`${field}:([^\\r]*)`).exec(String(info))?.[1] ?? '';
}

async function untilSaved(connection: RespClient): Promise<void> {
  while (infoField(await connection.call(['INFO', 'persistence']), 'rdb_bgsave_in_progress') !== '0') await new Promise((resolve) => setImmediate(resolve));
}

describe('persistence', () => {
  it('SAVE writes dir/dbfilename, LASTSAVE and INFO persistence report it, and a new server loads it', async () => {
    server = await startTestServer({ dir: directory, dbfilename: 'data.fkl' });
    client = await RespClient.connect(server.port);
    await client.call(['SET', 'k', 'v']);
    await client.call(['RPUSH', 'l', 'a', 'b']);
    expect(infoField(await client.call(['INFO', 'persistence']), 'rdb_changes_since_last_save')).toBe('2');
    expect(await client.call(['SAVE'])).toBe('OK');
    const info = await client.call(['INFO', 'persistence']);
    expect(infoField(info, 'rdb_changes_since_last_save')).toBe('0');
    expect(infoField(info, 'rdb_last_bgsave_status')).toBe('ok');
    expect(infoField(info, 'rdb_saves')).toBe('1');
    expect(Number(await client.call(['LASTSAVE']))).toBe(Number(infoField(info, 'rdb_last_save_time')));
    client.close();
    await server.close();
    server = await startServer({ port: 0, save: '', dir: directory, dbfilename: 'data.fkl' });
    client = await RespClient.connect(server.port);
    expect(await client.call(['LRANGE', 'l', '0', '-1'])).toEqual(['a', 'b']);
    expect(await client.call(['GET', 'k'])).toBe('v');
  });

  it('BGSAVE while clients write: the file holds exactly the data at the BGSAVE', async () => {
    const keyspace = new Keyspace();
    for (let index = 0; index < 5000; index++) keyspace.execute(['SET', `key:${index}`, `value:${index}`]);
    server = await startTestServer({ keyspace, dir: directory });
    client = await RespClient.connect(server.port);
    const digestAtSave = keyspace.digest();
    expect(await client.call(['BGSAVE'])).toBe('Background saving started');
    expect(await client.call(['BGSAVE'])).toEqual(new RespError('ERR Background save already in progress'));
    expect(await client.call(['BGSAVE', 'SCHEDULE'])).toBe('Background saving scheduled');
    const writes = Array.from({ length: 500 }, (_, index) => client!.call(['SET', `key:${index}`, 'changed']));
    expect(new Set(await Promise.all(writes))).toEqual(new Set(['OK']));
    await untilSaved(client);
    const loaded = await loadSnapshot(join(directory, 'dump.fkl'));
    expect(loaded.digest()).toBe(digestAtSave);
    expect(server.persistence.scheduled).toBe(true);
  });

  it('save rules start a BGSAVE on virtual time once both seconds and changes are reached', async () => {
    const scheduler = new VirtualScheduler();
    server = await startTestServer({ scheduler, dir: directory, save: '10 3' });
    client = await RespClient.connect(server.port);
    await client.call(['SET', 'a', '1']);
    await client.call(['SET', 'b', '2']);
    scheduler.advance(20_000);
    expect(server.persistence.inProgress).toBe(false);
    await client.call(['SET', 'c', '3']);
    scheduler.advance(1_000);
    expect(server.persistence.inProgress).toBe(true);
    await server.persistence.settle();
    expect(existsSync(join(directory, 'dump.fkl'))).toBe(true);
  });

  it('SHUTDOWN during a BGSAVE abandons it for one final save of the data at SHUTDOWN, as Redis kills its child', async () => {
    const keyspace = new Keyspace();
    for (let index = 0; index < 100_000; index++) keyspace.execute(['SET', `key:${index}`, `value:${index}`]);
    server = await startTestServer({ keyspace, dir: directory });
    client = await RespClient.connect(server.port);
    expect(await client.call(['BGSAVE'])).toBe('Background saving started');
    const background = server.persistence.settle();
    await client.call(['SET', 'key:1', 'changed']);
    expect(server.persistence.inProgress).toBe(true);
    await expect(client.call(['SHUTDOWN', 'SAVE'])).rejects.toThrow(/closed/);
    await background; // whoever waited for the abandoned save is released
    expect(server.persistence.saves).toBe(1);
    const loaded = await loadSnapshot(join(directory, 'dump.fkl'));
    expect(loaded.dbsize()).toBe(100_000);
    expect(loaded.execute(['GET', 'key:1'])).toBe('changed');
  });

  it('FLUSHALL with save rules abandons a BGSAVE and saves the emptied data at once: a restart does not bring the keys back', async () => {
    const keyspace = new Keyspace();
    for (let index = 0; index < 100_000; index++) keyspace.execute(['SET', `key:${index}`, `value:${index}`]);
    server = await startTestServer({ keyspace, dir: directory, save: '3600 1' });
    client = await RespClient.connect(server.port);
    expect(await client.call(['SAVE'])).toBe('OK');
    expect(await client.call(['BGSAVE'])).toBe('Background saving started');
    expect(await client.call(['FLUSHALL'])).toBe('OK');
    await client.call(['SET', 'after', 'the flush']);
    await untilSaved(client);
    // SAVE, then the save of the FLUSHALL (its point in time: before the SET); the BGSAVE was abandoned.
    expect(server.persistence.saves).toBe(2);
    expect((await loadSnapshot(join(directory, 'dump.fkl'))).dbsize()).toBe(0);
  });

  it("FLUSHALL during another client's SAVE: that SAVE completes, then the emptied data is saved", async () => {
    const keyspace = new Keyspace();
    for (let index = 0; index < 100_000; index++) keyspace.execute(['SET', `key:${index}`, `value:${index}`]);
    server = await startTestServer({ keyspace, dir: directory, save: '3600 1' });
    client = await RespClient.connect(server.port);
    const other = await RespClient.connect(server.port);
    const saving = client.call(['SAVE']);
    while (!server.persistence.inProgress) await new Promise((resolve) => setImmediate(resolve));
    expect(await other.call(['FLUSHALL'])).toBe('OK');
    expect(await saving).toBe('OK');
    await untilSaved(other);
    other.close();
    expect(server.persistence.saves).toBe(2);
    expect((await loadSnapshot(join(directory, 'dump.fkl'))).dbsize()).toBe(0);
  });

  it('SHUTDOWN saves (SAVE), SHUTDOWN NOSAVE does not, and the server closes', async () => {
    server = await startTestServer({ dir: directory });
    client = await RespClient.connect(server.port);
    await client.call(['SET', 'k', 'v']);
    await expect(client.call(['SHUTDOWN', 'SAVE'])).rejects.toThrow(/closed/);
    expect((await loadSnapshot(join(directory, 'dump.fkl'))).dbsize()).toBe(1);
    server = await startTestServer({ dir: join(directory, 'other') });
    client = await RespClient.connect(server.port);
    await client.call(['SET', 'k', 'v']);
    await expect(client.call(['SHUTDOWN', 'NOSAVE'])).rejects.toThrow(/closed/);
    expect(existsSync(join(directory, 'other', 'dump.fkl'))).toBe(false);
  });
});
