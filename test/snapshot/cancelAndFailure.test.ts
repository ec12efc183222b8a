import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Observable, lastValueFrom, tap, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForklessError, isForklessError } from '../../lib/errors.js';
import type { IterationItem } from '../../lib/keyspace/IterationItem.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import type { SnapshotProgress } from '../../lib/snapshot/SnapshotProgress.js';
import { writeSnapshot } from '../../lib/snapshot/writeSnapshot.js';
import { loadAtFixedTime, randomKeyspace, saveToFile, temporaryDirectory, temporaryFilesIn } from './support/snapshotFixtures.js';

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(() => cleanup());

const meta = { historyId: 'h', offset: 5, createdAt: 1, databases: 16, keysTotal: 3 };
const entry = (key: string): IterationItem => ({ kind: 'entry', db: 0, key, type: 'string', value: `value of ${key}`, expiresAt: null });

/** Resolves with the outcome `onSettled` reports. */
function settled(): { onSettled: (outcome: SnapshotProgress) => void; outcome: Promise<SnapshotProgress> } {
  let onSettled!: (outcome: SnapshotProgress) => void;
  const outcome = new Promise<SnapshotProgress>((resolve) => (onSettled = resolve));
  return { onSettled, outcome };
}

describe('cancelling a save', () => {
  it('unsubscribing removes the temporary file and reports cancelled, not failed', async () => {
    const ks = randomKeyspace(1, 20_000, 5000);
    const { onSettled, outcome } = settled();
    let subscription: Subscription | undefined;
    const seen: SnapshotProgress[] = [];
    // progressIntervalMs 0: a `running` progress every 64 keys, so the cancel always lands mid-save
    // (with the 100 ms default a fast save could finish before its first progress with keys).
    // eslint-disable-next-line prefer-const -- next() reads it, and may run before the assignment completes
    subscription = saveSnapshot(ks, join(directory, 'dump.fkl'), { batchSize: 16, budgetMs: 1, progressIntervalMs: 0, onSettled }).subscribe({
      next: (progress) => {
        seen.push(progress);
        if (progress.keysWritten > 0) subscription?.unsubscribe();
      },
      error: () => expect.unreachable('a cancel is not an error'),
    });
    expect((await outcome).state).toBe('cancelled');
    expect(seen.at(-1)?.state).toBe('running');
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('aborting the signal ends the stream with a cancelled progress and leaves the old file', async () => {
    const before = randomKeyspace(2, 2000);
    const path = join(directory, 'dump.fkl');
    await saveToFile(before, path);
    const controller = new AbortController();
    // Aborts at the first progress with keys: always mid-save, whatever the machine's speed.
    const save$ = saveSnapshot(randomKeyspace(3, 20_000, 5000), path, { signal: controller.signal, batchSize: 16, progressIntervalMs: 0 });
    const progress = lastValueFrom(save$.pipe(tap((update) => update.keysWritten > 0 && controller.abort())));
    expect((await progress).state).toBe('cancelled');
    expect(await temporaryFilesIn(directory)).toEqual([]);
    expect((await loadAtFixedTime(path)).digest()).toBe(before.digest());
  });
});

describe('a failing save', () => {
  it('an error in the middle of the items keeps the previous snapshot and removes the temporary file', async () => {
    const before = randomKeyspace(4, 2000);
    const path = join(directory, 'dump.fkl');
    await saveToFile(before, path);
    const failing = new Observable<IterationItem>((subscriber) => {
      subscriber.next(entry('a'));
      setImmediate(() => subscriber.next(entry('b')));
      setTimeout(() => subscriber.error(new ForklessError('FORKLESS_ERR_ITERATION_CLOSED', 'injected')), 5);
    });
    const { onSettled, outcome } = settled();
    await expect(lastValueFrom(writeSnapshot(() => failing, path, meta, { onSettled }))).rejects.toThrow('injected');
    expect((await outcome).state).toBe('failed');
    expect(await temporaryFilesIn(directory)).toEqual([]);
    expect((await loadAtFixedTime(path)).digest()).toBe(before.digest());
  });

  it('a failing rename (the target is a directory) is an I/O error with no temporary file left', async () => {
    const path = join(directory, 'taken');
    await mkdir(join(path, 'inside'), { recursive: true });
    const error = await saveToFile(randomKeyspace(5, 100), path).catch((caught: unknown) => caught);
    expect(isForklessError(error, 'FORKLESS_ERR_SNAPSHOT_IO')).toBe(true);
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('a missing directory is an I/O error', async () => {
    const error = await saveToFile(randomKeyspace(5, 100), join(directory, 'missing', 'dump.fkl')).catch((caught: unknown) => caught);
    expect(isForklessError(error, 'FORKLESS_ERR_SNAPSHOT_IO')).toBe(true);
  });

  it('an iteration that ends without a complete item fails the save', async () => {
    const items = new Observable<IterationItem>((subscriber) => {
      subscriber.next(entry('a'));
      subscriber.complete();
    });
    const error = await lastValueFrom(writeSnapshot(() => items, join(directory, 'dump.fkl'), meta)).catch((caught: unknown) => caught);
    expect(isForklessError(error, 'FORKLESS_ERR_ITERATION_CLOSED')).toBe(true);
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('a complete offset that differs from the header offset fails the save', async () => {
    const items = new Observable<IterationItem>((subscriber) => {
      subscriber.next({ kind: 'complete', offset: meta.offset + 1 });
      subscriber.complete();
    });
    const error = await lastValueFrom(writeSnapshot(() => items, join(directory, 'dump.fkl'), meta)).catch((caught: unknown) => caught);
    expect(isForklessError(error, 'FORKLESS_ERR_SNAPSHOT_OFFSET')).toBe(true);
  });
});

describe('a crashed save', () => {
  it('leaves the previous snapshot intact, and the next save removes its temporary file', async () => {
    const before = randomKeyspace(6, 2000);
    const path = join(directory, 'dump.fkl');
    await saveToFile(before, path);
    const script = fileURLToPath(new URL('./support/crashDuringSave.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, directory], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(await temporaryFilesIn(directory)).toHaveLength(1);
    expect((await loadAtFixedTime(path)).digest()).toBe(before.digest());
    // loadSnapshot cleaned up already; a save does too (covered by leaving another crash behind).
    expect(await temporaryFilesIn(directory)).toEqual([]);
    spawnSync(process.execPath, ['--import', 'tsx', script, directory]);
    expect(await temporaryFilesIn(directory)).toHaveLength(1);
    const after = randomKeyspace(7, 100);
    await saveToFile(after, path);
    expect(await temporaryFilesIn(directory)).toEqual([]);
    expect((await loadAtFixedTime(path)).digest()).toBe(after.digest());
  });
});

describe('writeSnapshot with a hand-built iteration', () => {
  it('asks the cursor to pause until the file is open, then writes the entries it gets', async () => {
    const signals: boolean[] = [];
    const items = (backpressure$: Observable<boolean>) =>
      new Observable<IterationItem>((subscriber) => {
        backpressure$.subscribe((busy) => {
          signals.push(busy);
          if (!busy && signals.length === 2) {
            ['a', 'b', 'c'].forEach((key) => subscriber.next(entry(key)));
            subscriber.next({ kind: 'swapdb', db: 0, other: 1 }); // barriers are ignored
            subscriber.next({ kind: 'complete', offset: meta.offset });
            subscriber.complete();
          }
        });
      });
    const path = join(directory, 'dump.fkl');
    const done = await lastValueFrom(writeSnapshot(items, path, meta));
    expect(signals.slice(0, 2)).toEqual([true, false]);
    expect(done).toMatchObject({ state: 'done', keysWritten: 3 });
    const loaded = await loadSnapshot(path);
    expect(loaded.execute(['MGET', 'a', 'b', 'c'])).toEqual(['value of a', 'value of b', 'value of c']);
    expect(loaded.offset).toBe(meta.offset);
  });
});
