import { join } from 'node:path';
import { lastValueFrom, tap, type Subscription } from 'rxjs';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveSnapshot } from '../../lib/snapshot/saveSnapshot.js';
import type { SnapshotProgress } from '../../lib/snapshot/SnapshotProgress.js';
import { FIXED_NOW, loadAtFixedTime, randomKeyspace, saveToFile, temporaryDirectory, temporaryFilesIn } from './support/snapshotFixtures.js';

/** Where the tests cancel: inside `rename` (the point of no return), and as the file is closed (before it). */
const hooks = vi.hoisted(() => ({ duringRename: null as (() => void) | null, duringClose: null as (() => void) | null, renames: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    createWriteStream: (...args: Parameters<typeof actual.createWriteStream>) => {
      const stream = actual.createWriteStream(...args);
      const end = stream.end.bind(stream) as (...rest: unknown[]) => typeof stream;
      // The sink ends the stream once the footer is written; closing fsyncs the file.
      stream.end = ((...rest: unknown[]) => {
        hooks.duringClose?.();
        return end(...rest);
      }) as typeof stream.end;
      return stream;
    },
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: (...args: Parameters<typeof actual.rename>) => {
      hooks.renames++;
      hooks.duringRename?.();
      return actual.rename(...args);
    },
  };
});

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(async () => {
  hooks.duringRename = hooks.duringClose = null;
  await cleanup();
});

describe('the point of no return of a save: the rename', () => {
  it('an abort that arrives during the rename is too late: the save ends done, with the new file in place', async () => {
    const path = join(directory, 'dump.fkl');
    await saveToFile(randomKeyspace(1, 500), path);
    const next = randomKeyspace(2, 2000);
    const controller = new AbortController();
    hooks.duringRename = () => controller.abort();
    const outcomes: SnapshotProgress[] = [];
    const last = await lastValueFrom(saveSnapshot(next, path, { signal: controller.signal, onSettled: (outcome) => outcomes.push(outcome) }));
    expect(controller.signal.aborted).toBe(true);
    expect(last.state).toBe('done');
    expect(outcomes.map((outcome) => outcome.state)).toEqual(['done']);
    expect((await loadAtFixedTime(path)).digest()).toBe(next.digest());
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('unsubscribing during the rename is too late as well: onSettled reports done and the file is whole', async () => {
    const path = join(directory, 'dump.fkl');
    const keyspace = randomKeyspace(3, 2000);
    let subscription: Subscription | null = null;
    hooks.duringRename = () => subscription?.unsubscribe();
    const outcome = new Promise<SnapshotProgress>((resolve) => {
      subscription = saveSnapshot(keyspace, path, { onSettled: resolve }).subscribe();
    });
    expect((await outcome).state).toBe('done');
    expect((await loadAtFixedTime(path)).digest()).toBe(keyspace.digest());
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('an abort while the complete file is closed and fsynced, before the rename, still cancels: the old file stays', async () => {
    const path = join(directory, 'dump.fkl');
    const before = randomKeyspace(6, 500);
    await saveToFile(before, path);
    const controller = new AbortController();
    const renames = hooks.renames;
    hooks.duringClose = () => controller.abort();
    const outcomes: SnapshotProgress[] = [];
    const last = await lastValueFrom(saveSnapshot(randomKeyspace(7, 2000), path, { signal: controller.signal, onSettled: (outcome) => outcomes.push(outcome) }));
    expect(controller.signal.aborted).toBe(true);
    expect(last.state).toBe('cancelled');
    expect(outcomes.map((outcome) => outcome.state)).toEqual(['cancelled']);
    expect(hooks.renames).toBe(renames);
    expect((await loadAtFixedTime(path)).digest()).toBe(before.digest());
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('an abort after the last key, before the rename, still cancels: no rename, the old file stays', async () => {
    const path = join(directory, 'dump.fkl');
    const before = randomKeyspace(4, 500);
    await saveToFile(before, path);
    // Strings, then one large hash last (one hash tag: the cursor meets them in insertion order):
    // a collection written in several records always reports progress, so the last key is seen.
    const keyspace = new Keyspace({ clock: () => FIXED_NOW });
    for (let index = 0; index < 300; index++) keyspace.execute(['SET', `{t}k${index}`, 'v']);
    keyspace.execute(['HSET', '{t}last', ...Array.from({ length: 1500 }, (_, index) => [`f${index}`, 'v']).flat()]);
    const controller = new AbortController();
    const renames = hooks.renames;
    const save$ = saveSnapshot(keyspace, path, { signal: controller.signal, progressIntervalMs: 0 });
    const last = await lastValueFrom(save$.pipe(tap((progress) => progress.keysWritten === 301 && controller.abort())));
    expect(controller.signal.aborted).toBe(true);
    expect(last.state).toBe('cancelled');
    expect(hooks.renames).toBe(renames);
    expect((await loadAtFixedTime(path)).digest()).toBe(before.digest());
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });
});
