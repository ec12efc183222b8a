import { join } from 'node:path';
import { Observable, lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IterationItem } from '../../lib/keyspace/IterationItem.js';
import { writeSnapshot } from '../../lib/snapshot/writeSnapshot.js';
import { loadAtFixedTime, temporaryDirectory } from './support/snapshotFixtures.js';

/** Writes to the snapshot file complete only when the test releases them: the disk is "slow". */
const disk = vi.hoisted(() => ({ held: [] as (() => void)[], hold: false }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    createWriteStream: (...args: Parameters<typeof actual.createWriteStream>) => {
      const stream = actual.createWriteStream(...args);
      const write = stream._write.bind(stream);
      const writev = stream._writev!.bind(stream);
      stream._write = (chunk, encoding, callback) => {
        if (!disk.hold) return write(chunk, encoding, callback);
        disk.held.push(() => write(chunk, encoding, callback));
      };
      stream._writev = (chunks, callback) => {
        if (!disk.hold) return writev(chunks, callback);
        disk.held.push(() => writev(chunks, callback));
      };
      return stream;
    },
  };
});

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(async () => {
  disk.hold = false;
  await cleanup();
});

/** A cursor-like source: emits a burst of small entries whenever the sink is not congested. */
function pacedEntries(total: number, burst: number) {
  return (backpressure$: Observable<boolean>) =>
    new Observable<IterationItem>((subscriber) => {
      let sent = 0;
      let congested = false;
      const timer = setInterval(() => {
        if (congested) return;
        for (let index = 0; index < burst && sent < total; index++, sent++) {
          subscriber.next({ kind: 'entry', db: 0, key: `key:${sent}`, type: 'string', value: 'v'.repeat(8000), expiresAt: null });
        }
        if (sent === total) {
          clearInterval(timer);
          subscriber.next({ kind: 'complete', offset: 0 });
          subscriber.complete();
        }
      }, 1);
      const pacing = backpressure$.subscribe((busy) => (congested = busy));
      return () => {
        clearInterval(timer);
        pacing.unsubscribe();
      };
    });
}

describe('a save whose disk is slower than its source', () => {
  it('waits for the disk when the queue runs dry while the file stream is congested (no deadlock)', async () => {
    disk.hold = true;
    // Release held writes a little at a time, as a slow disk would, until the save settles.
    const release = setInterval(() => disk.held.splice(0, 1).forEach((write) => write()), 20);
    const path = join(directory, 'slow.fkl');
    const meta = { historyId: 'h', offset: 0, createdAt: 0, databases: 1, keysTotal: 400 };
    try {
      // One 8 KB entry per tick and a disk that completes one write per 20 ms: the queue runs dry
      // after every entry, so the 256 KiB stream buffer fills (about the 33rd key, no multiple of
      // the 64-key progress check) while the queue is empty.
      const last = await lastValueFrom(writeSnapshot(pacedEntries(400, 1), path, meta));
      expect(last.state).toBe('done');
    } finally {
      clearInterval(release);
      disk.hold = false;
      disk.held.splice(0).forEach((write) => write());
    }
    expect((await loadAtFixedTime(path)).dbsize()).toBe(400);
  });
});
