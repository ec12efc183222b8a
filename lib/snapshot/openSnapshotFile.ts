import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ForklessError } from '../errors.js';

/**
 * Opens a snapshot for reading, refusing anything that is not a regular file (a FIFO would block
 * a reader forever, a device never ends): the file is opened non-blocking and checked on the open
 * handle itself, so nothing can be swapped in between. Failures are `FORKLESS_ERR_SNAPSHOT_IO`
 * (`details.path`, and `details.fileType` for what was found instead of a file).
 *
 * @example
 * ```ts
 * const handle = await openSnapshotFile('dump.fkl');
 * for await (const chunk of handle.createReadStream()) decoder.push(chunk);
 * ```
 */
export async function openSnapshotFile(path: string): Promise<FileHandle> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = await handle.stat();
    if (!stats.isFile()) {
      const fileType = typeOf(stats);
      throw new ForklessError('FORKLESS_ERR_SNAPSHOT_IO', `cannot read ${path}: not a regular file (${fileType})`, { path, fileType });
    }
    return handle;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (error instanceof ForklessError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ForklessError('FORKLESS_ERR_SNAPSHOT_IO', `cannot read ${path}: ${reason}`, { path, cause: error });
  }
}

function typeOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
