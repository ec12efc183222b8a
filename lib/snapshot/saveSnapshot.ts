import { randomBytes } from 'node:crypto';
import { defer, type Observable } from 'rxjs';
import { bgIterationPacked } from '../iteration/bgIteration.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { normalizeSaveSnapshotOptions, type SaveSnapshotOptions } from './SnapshotOptions.js';
import type { SnapshotProgress } from './SnapshotProgress.js';
import { cpuShareOf, writeCheckedSnapshot } from './writeSnapshot.js';

export type { SaveSnapshotOptions } from './SnapshotOptions.js';

/**
 * Saves a point-in-time snapshot of `keyspace` to `path` without pausing writers (in forkless's
 * `.fkl` format, or with `format: 'rdb'` as a Redis RDB version 9 file that Redis 5.0 to 7.4 and
 * Valkey load, `repl-id` = the history id, `repl-offset` = the T0 offset): a consistent
 * bgIteration (T0 = subscription) piped into the snapshot sink, which slows the cursor through
 * backpressure when the disk lags. Emits progress (`running`…) and a last `done` once the file is
 * durable (temporary file in the same directory, fsync, rename, fsync of the directory). Each
 * subscription is an independent save; several may run at once.
 *
 * Cancel by unsubscribing or through `options.signal`: the temporary file is removed and the outcome
 * is `cancelled` (a last progress for `signal`, `onSettled` for both), never an error. The point of
 * no return is the rename of the complete, fsynced temporary file over `path`: a cancel that arrives
 * during or after it is too late, and the save ends `done` with the new file. Failures are
 * errors with `FORKLESS_ERR_SNAPSHOT_*` codes; the previous file at `path` stays intact. Options are
 * checked at the call against `SAVE_SNAPSHOT_OPTIONS` (`FORKLESS_ERR_INVALID_OPTION`).
 *
 * @example
 * ```ts
 * const done = await lastValueFrom(saveSnapshot(ks, '/data/dump.fkl'));
 * console.log(`${done.keysWritten} keys, ${done.bytesWritten} bytes in ${done.elapsedMs} ms`);
 * ```
 */
export function saveSnapshot(keyspace: Keyspace, path: string, options: SaveSnapshotOptions = {}): Observable<SnapshotProgress> {
  // Checked at the call, not at subscription.
  const settings = normalizeSaveSnapshotOptions(options);
  return defer(() => {
    // Read at subscription, in the same synchronous turn in which the iteration takes T0.
    const meta = {
      historyId: settings.historyId ?? randomBytes(20).toString('hex'),
      offset: keyspace.offset,
      createdAt: keyspace.clock(),
      databases: keyspace.databases.length,
      keysTotal: keyspace.databases.reduce((total, database) => total + database.size, 0),
      databaseSizes: keyspace.databases.map((database) => ({ keys: database.size, expires: database.expires.size })),
    };
    const { scheduler, budgetMs, batchSize, historyId: _historyId, ...sink } = settings;
    // One cap for the cursor's cycles and the encoding slices (a scheduler given explicitly wins).
    const share = cpuShareOf(sink);
    const cycles = share === null || options.scheduler !== undefined ? scheduler : share.scheduler();
    const iteration = { consistent: true, replication: false, scheduler: cycles, budgetMs, batchSize } as const;
    return writeCheckedSnapshot((backpressure$) => bgIterationPacked(keyspace, { ...iteration, backpressure$ }), path, meta, sink, share);
  });
}
