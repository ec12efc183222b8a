import { lastValueFrom, tap } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { saveSnapshot } from '../snapshot/saveSnapshot.js';
import type { SnapshotFormat } from '../snapshot/SnapshotEncoder.js';
import type { SnapshotProgress } from '../snapshot/SnapshotProgress.js';
import type { CliContext } from './CliCommand.js';
import { renderProgressBar } from './progressBar.js';
import { StatusLine } from './StatusLine.js';

/**
 * Saves `keyspace` to `path` with a progress bar on a terminal; Ctrl-C (the context's signal)
 * cancels and removes the temporary file. Resolves to the last progress (`state` done or cancelled).
 *
 * @example
 * ```ts
 * const last = await saveWithProgress(keyspace, 'dump.fkl', { historyId: 'x' }, context);
 * ```
 */
export async function saveWithProgress(keyspace: Keyspace, path: string, options: { historyId?: string; format?: SnapshotFormat }, context: CliContext): Promise<SnapshotProgress> {
  const line = new StatusLine(context);
  const save$ = saveSnapshot(keyspace, path, { signal: context.signal, format: options.format ?? 'forkless', ...(options.historyId ? { historyId: options.historyId } : {}) });
  try {
    return await lastValueFrom(save$.pipe(tap((progress) => line.show(renderProgressBar(progress, line.columns)))));
  } finally {
    line.end();
  }
}
