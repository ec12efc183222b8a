import { randomBytes } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Temporary snapshot files: `.<target name>.<pid>-<thread>.<random>.forkless-tmp`, in the target's
 * directory (so the final rename is atomic). The owner's pid and thread id in the name tell a
 * crashed save's leftovers from a running save's file.
 *
 * @example
 * ```ts
 * const temporary = claimTemporaryPath('/data/dump.fkl'); // /data/.dump.fkl.4242-0.a1b2c3d4e5f6.forkless-tmp
 * try { ... } finally { releaseTemporaryPath(temporary); }
 * ```
 */
export function claimTemporaryPath(target: string): string {
  const path = join(dirname(target), `.${basename(target)}.${process.pid}-${threadId}.${randomBytes(6).toString('hex')}${SUFFIX}`);
  activePaths.add(path);
  return path;
}

/** Marks a temporary path as no longer in use by this thread (after rename or removal). */
export function releaseTemporaryPath(path: string): void {
  activePaths.delete(path);
}

/**
 * Removes the temporary files in `directory` left by saves that can no longer finish: their process
 * is gone, or it is this thread and the file is not one of its running saves. Files of other live
 * processes and threads are kept (they may be saving right now). Returns the removed paths.
 */
export async function removeStaleTemporaryFiles(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return []; // a missing directory has nothing stale; the save or load reports its own I/O error
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = TEMPORARY_NAME.exec(name);
    const path = join(directory, name);
    if (owner === null || !isStale(path, Number(owner[1]), Number(owner[2]))) continue;
    await unlink(path).then(
      () => removed.push(path),
      () => undefined,
    ); // someone else removed it first
  }
  return removed;
}

const SUFFIX = '.forkless-tmp';
const TEMPORARY_NAME = /^\..+\.(\d+)-(\d+)\.[0-9a-f]{12}\.forkless-tmp$/;
const activePaths = new Set<string>();

function isStale(path: string, pid: number, thread: number): boolean {
  if (pid === process.pid) return thread === threadId && !activePaths.has(path);
  return !isProcessAlive(pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}
