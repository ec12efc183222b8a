import { ForklessError } from '../errors.js';
import { openSnapshotFile } from './openSnapshotFile.js';
import { RDB_MAGIC } from '../rdb/rdbFormat.js';
import type { SnapshotFormat } from './SnapshotEncoder.js';

/**
 * The format of a snapshot file, by its magic: `rdb` when it starts with `REDIS` (or a cut piece of
 * it), `forkless` otherwise (whose decoder then reports a bad magic). An unreadable file is
 * `FORKLESS_ERR_SNAPSHOT_IO`.
 *
 * @example
 * ```ts
 * await detectSnapshotFormat('dump.rdb'); // 'rdb'
 * ```
 */
export async function detectSnapshotFormat(path: string): Promise<SnapshotFormat> {
  // Opened as any snapshot is: anything but a regular file is refused without blocking.
  const handle = await openSnapshotFile(path);
  let prefix: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(RDB_MAGIC.length), 0, RDB_MAGIC.length, 0);
    prefix = buffer.subarray(0, bytesRead);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ForklessError('FORKLESS_ERR_SNAPSHOT_IO', `cannot read ${path}: ${reason}`, { path, cause: error });
  } finally {
    await handle.close();
  }
  return prefix.length > 0 && RDB_MAGIC.subarray(0, prefix.length).equals(prefix) ? 'rdb' : 'forkless';
}
