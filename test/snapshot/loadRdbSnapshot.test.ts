import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc64 } from '../../lib/keyspace/dump/crc64.js';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { saveToFile, temporaryDirectory } from './support/snapshotFixtures.js';

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(() => cleanup());

/** An RDB of `ks` with every `from` in it renamed `to` (same length), its CRC-64 footer recomputed. */
async function renamedRdb(ks: Keyspace, from: string, to: string): Promise<string> {
  const path = join(directory, 'dump.rdb');
  await saveToFile(ks, path, { format: 'rdb' });
  const bytes = await readFile(path);
  const at = bytes.indexOf(from, 0, 'latin1');
  bytes.write(to, at, 'latin1');
  bytes.writeBigUInt64LE(crc64(bytes.subarray(0, bytes.length - 8)), bytes.length - 8);
  await writeFile(path, bytes);
  return path;
}

describe('loadSnapshot of an RDB: duplicate keys', () => {
  it('refuses a key stored twice in one database, at the offset of its second record', async () => {
    const ks = new Keyspace();
    ks.execute(['SET', 'first', 'one']);
    ks.execute(['SET', 'other', 'two']);
    // Two 5-byte names: renaming one to the other makes a duplicate without moving a byte.
    const path = await renamedRdb(ks, 'other', 'first');
    const bytes = await readFile(path);
    const [one, two] = [bytes.indexOf('first', 0, 'latin1'), bytes.lastIndexOf('first', undefined, 'latin1')];
    expect(two).toBeGreaterThan(one);
    // A string record: type byte, 1-byte name length, then the name.
    await expect(loadSnapshot(path)).rejects.toMatchObject({ code: 'FORKLESS_ERR_SNAPSHOT_RECORD', details: { offset: two - 2 } });
  });

  it('takes the same name in two databases as two keys (control)', async () => {
    const ks = new Keyspace();
    ks.execute(['SET', 'first', 'one']);
    ks.execute(['SET', 'other', 'two'], { db: 1 });
    const loaded = await loadSnapshot(await renamedRdb(ks, 'other', 'first'));
    expect([loaded.dbsize(0), loaded.dbsize(1)]).toEqual([1, 1]);
  });
});
