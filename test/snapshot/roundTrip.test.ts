import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { inspectSnapshot } from '../../lib/snapshot/inspectSnapshot.js';
import { CHUNK_MAX_BYTES, CHUNK_MAX_ELEMENTS, SNAPSHOT_FORMAT_VERSION } from '../../lib/snapshot/snapshotFormat.js';
import { FIXED_NOW, randomKeyspace, saveToFile, temporaryDirectory, temporaryFilesIn } from './support/snapshotFixtures.js';

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(() => cleanup());

/** A keyspace with every type, binary keys and values, expiries, and values spanning many chunks. */
function everyTypeKeyspace(): Keyspace {
  const ks = new Keyspace({ clock: () => FIXED_NOW });
  ks.execute(['SET', 'text', 'héllo wörld']);
  ks.execute(['SET', ALL_BYTES, ALL_BYTES]);
  ks.execute(['SET', 'empty', '']);
  ks.execute(['SET', 'huge', 'x'.repeat(CHUNK_MAX_BYTES * 3 + 17)]);
  ks.execute(['SET', 'volatile', 'v', 'PXAT', String(FIXED_NOW + 60_000)]);
  ks.execute(['HSET', 'hash', 'f1', 'v1', ALL_BYTES, ALL_BYTES]);
  ks.execute(['RPUSH', 'list', 'a', 'b', 'a', ALL_BYTES, '']);
  ks.execute(['SADD', 'set', 'm1', ALL_BYTES]);
  // ZADD normalizes -0; a restored value keeps it, and so must the file.
  ks.restore(3, 'signed-zero', 'zset', SortedSet.from([['z', -0]]), null);
  ks.execute(['ZADD', 'zset', '0', 'zero', 'inf', 'top', '-inf', 'bottom', '1.5', ALL_BYTES], { db: 3 });
  const fields = Array.from({ length: CHUNK_MAX_ELEMENTS * 2 + 5 }, (_, index) => [`field${index}`, `value${index}`]).flat();
  ks.execute(['HSET', 'big-hash', ...fields], { db: 1 });
  ks.execute(['RPUSH', 'big-list', ...Array.from({ length: CHUNK_MAX_ELEMENTS * 3 }, (_, index) => `item${index % 7}`)], { db: 1 });
  ks.execute(['SADD', 'big-set', ...Array.from({ length: 40 }, (_, index) => `${index}`.padEnd(4000, '.'))], { db: 2 });
  ks.execute(['ZADD', 'big-zset', ...Array.from({ length: 2500 }, (_, index) => [String(index / 3), `member${index}`]).flat()], { db: 15 });
  ks.execute(['PEXPIREAT', 'big-zset', String(FIXED_NOW + 1)], { db: 15 });
  return ks;
}

describe('snapshot round trip', () => {
  it('restores every type, binary data, expiries and multi-chunk values exactly', async () => {
    const ks = everyTypeKeyspace();
    const path = join(directory, 'dump.fkl');
    const done = await saveToFile(ks, path, { historyId: 'history-1' });
    expect(done).toMatchObject({ state: 'done', keysWritten: 14, keysTotal: 14, path });
    expect(done.bytesWritten).toBe((await readFile(path)).length);
    const loaded = await loadSnapshot(path, new Keyspace({ clock: () => FIXED_NOW }));
    expect(loaded.digest()).toBe(ks.digest());
    expect(loaded.offset).toBe(ks.offset);
    expect(loaded.execute(['GET', ALL_BYTES], { encoding: 'binary' })).toBe(ALL_BYTES.toString('latin1'));
    // Scores come back bit-exact, the sign of zero included.
    const scores = (loaded.databases[3]!.value('zset') as SortedSet).entries();
    expect(Object.fromEntries(scores)).toEqual({ zero: 0, top: Infinity, bottom: -Infinity, [ALL_BYTES.toString('latin1')]: 1.5 });
    const signedZero = loaded.databases[3]!.value('signed-zero') as SortedSet;
    expect(Object.is(signedZero.score('z'), -0)).toBe(true);
    expect(loaded.execute(['LRANGE', 'big-list', '0', '-1'], { db: 1 })).toEqual(ks.execute(['LRANGE', 'big-list', '0', '-1'], { db: 1 }));
    expect(loaded.execute(['PTTL', 'volatile'])).toBe(60_000);
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('a save capped by cpuShare writes the same data (and keeps writers free) as an uncapped one', async () => {
    const ks = everyTypeKeyspace();
    const [capped, free] = [join(directory, 'capped.fkl'), join(directory, 'free.fkl')];
    await saveToFile(ks, capped, { historyId: 'h', cpuShare: 0.2, sliceMs: 0.01, budgetMs: 0.01, batchSize: 1 });
    await saveToFile(ks, free, { historyId: 'h' });
    const [a, b] = [await loadSnapshot(capped, new Keyspace({ clock: () => FIXED_NOW })), await loadSnapshot(free, new Keyspace({ clock: () => FIXED_NOW }))];
    expect(a.digest()).toBe(ks.digest());
    expect(b.digest()).toBe(ks.digest());
  });

  it('writes the header from the keyspace and options, and counts per database and type', async () => {
    const ks = everyTypeKeyspace();
    const path = join(directory, 'dump.fkl');
    await saveToFile(ks, path, { historyId: 'history-1' });
    const report = await inspectSnapshot(path);
    expect(report.valid).toBe(true);
    expect(report.checksum).toBe('ok');
    expect(report.header).toEqual({ formatVersion: SNAPSHOT_FORMAT_VERSION, historyId: 'history-1', offset: ks.offset, createdAt: FIXED_NOW, databases: 16 });
    expect(report.keys).toBe(14);
    expect(report.volatileKeys).toBe(2);
    expect(report.databases.get(0)).toEqual({ string: 5, hash: 1, list: 1, set: 1, zset: 0 });
    expect(report.databases.get(1)).toEqual({ string: 0, hash: 1, list: 1, set: 0, zset: 0 });
    expect(report.databases.get(3)).toEqual({ string: 0, hash: 0, list: 0, set: 0, zset: 2 });
    expect(report.databases.get(15)).toEqual({ string: 0, hash: 0, list: 0, set: 0, zset: 1 });
    // Multi-chunk values: more records than keys.
    expect(report.footer!.records).toBeGreaterThan(report.keys + 10);
  });

  it('drops keys already expired at load time, by the target keyspace clock', async () => {
    const ks = everyTypeKeyspace();
    const path = join(directory, 'dump.fkl');
    await saveToFile(ks, path);
    const later = new Keyspace({ clock: () => FIXED_NOW + 30_000 });
    await loadSnapshot(path, later);
    expect(later.dbsize(15)).toBe(0); // big-zset expired at FIXED_NOW + 1
    expect(later.dbsize(0)).toBe(8); // volatile lives until FIXED_NOW + 60 s
    expect(later.execute(['PTTL', 'volatile'])).toBe(30_000);
  });

  it('replaces the content of `into` at once and takes the snapshot offset', async () => {
    const source = randomKeyspace(7, 3000);
    const path = join(directory, 'dump.fkl');
    await saveToFile(source, path);
    const into = randomKeyspace(8, 500);
    const returned = await loadSnapshot(path, into);
    expect(returned).toBe(into);
    expect(into.digest()).toBe(source.digest());
    expect(into.offset).toBe(source.offset);
  });

  it('loads without a target into a new keyspace with the file database count', async () => {
    const ks = new Keyspace({ databases: 4, clock: () => FIXED_NOW });
    ks.execute(['SET', 'a', '1'], { db: 3 });
    const path = join(directory, 'dump.fkl');
    await saveToFile(ks, path);
    const loaded = await loadSnapshot(path);
    expect(loaded.databases.length).toBe(4);
    expect(loaded.execute(['GET', 'a'], { db: 3 })).toBe('1');
  });

  it('saves an empty keyspace', async () => {
    const ks = new Keyspace({ clock: () => FIXED_NOW });
    const path = join(directory, 'empty.fkl');
    expect(await saveToFile(ks, path)).toMatchObject({ state: 'done', keysWritten: 0 });
    expect((await loadSnapshot(path)).digest()).toBe(ks.digest());
  });
});
