import { join } from 'node:path';
import { lastValueFrom, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import type { SnapshotProgress } from '../../lib/snapshot/SnapshotProgress.js';
import { checkRdb } from '../rdb/support/rdbFixtures.js';
import { loadAtFixedTime, randomKeyspace, randomWrite, saveToFile, seededRandom, temporaryDirectory, temporaryFilesIn } from './support/snapshotFixtures.js';

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(() => cleanup());

describe("saveSnapshot(…, { format: 'rdb' })", () => {
  it('writes the keyspace at its start while every type is written, loadable by loadSnapshot and valid for redis-check-rdb', async () => {
    const ks = randomKeyspace(7, 20_000, 2000);
    const digestAtStart = ks.digest();
    const offsetAtStart = ks.offset;
    const random = seededRandom(707);
    let writes = 0;
    let handle = setImmediate(function tick() {
      for (let index = 0; index < 50; index++) randomWrite(ks, random, 2000);
      writes += 50;
      handle = setImmediate(tick);
    });
    const path = join(directory, 'dump.rdb');
    const progress: SnapshotProgress[] = [];
    await new Promise<void>((resolve, reject) =>
      saveSnapshot(ks, path, { format: 'rdb', batchSize: 64, budgetMs: 1, progressIntervalMs: 0 }).subscribe({
        next: (item) => progress.push(item),
        error: reject,
        complete: resolve,
      }),
    );
    clearImmediate(handle);
    expect(writes).toBeGreaterThan(0);
    expect(ks.digest()).not.toBe(digestAtStart);
    const done = progress.at(-1)!;
    expect(done.state).toBe('done');
    expect(progress.filter((item) => item.state === 'running').length).toBeGreaterThan(1);
    await checkRdb(path);
    const loaded = await loadAtFixedTime(path);
    expect(loaded.digest()).toBe(digestAtStart);
    expect(loaded.offset).toBe(offsetAtStart);
    expect(done.bytesWritten).toBeGreaterThan(0);
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('cancels like the native format: temporary file removed, outcome cancelled, old file kept', async () => {
    const before = new Keyspace();
    before.execute(['SET', 'old', 'file']);
    const path = join(directory, 'dump.rdb');
    await saveToFile(before, path, { format: 'rdb' });
    let onSettled!: (outcome: SnapshotProgress) => void;
    const outcome = new Promise<SnapshotProgress>((resolve) => (onSettled = resolve));
    let subscription: Subscription | undefined;
    // eslint-disable-next-line prefer-const -- next() reads it, and may run before the assignment completes
    subscription = saveSnapshot(randomKeyspace(1, 20_000, 5000), path, { format: 'rdb', batchSize: 16, budgetMs: 1, progressIntervalMs: 0, onSettled }).subscribe({
      next: (progress) => {
        if (progress.keysWritten > 0) subscription?.unsubscribe();
      },
    });
    expect((await outcome).state).toBe('cancelled');
    expect(await temporaryFilesIn(directory)).toEqual([]);
    expect((await loadAtFixedTime(path)).execute(['GET', 'old'])).toBe('file');
  });

  it('a missing directory fails with FORKLESS_ERR_SNAPSHOT_IO', async () => {
    await expect(lastValueFrom(saveSnapshot(new Keyspace(), join(directory, 'missing', 'dump.rdb'), { format: 'rdb' }))).rejects.toMatchObject({
      code: 'FORKLESS_ERR_SNAPSHOT_IO',
    });
  });
});
