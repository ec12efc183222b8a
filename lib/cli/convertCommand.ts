import { lastValueFrom } from 'rxjs';
import { detectSnapshotFormat } from '../snapshot/detectSnapshotFormat.js';
import { loadSnapshot } from '../snapshot/loadSnapshot.js';
import { saveSnapshot } from '../snapshot/saveSnapshot.js';
import type { SnapshotFormat } from '../snapshot/SnapshotEncoder.js';
import { megabytes, seconds } from './progressBar.js';
import { ExitCode, type CliOutput } from './snapshotCommands.js';

/**
 * `snapshot convert <in> <out> [--format rdb|forkless]`: loads `<in>` (either format, told by its
 * magic; expired keys dropped) and saves it as `<out>` in `format`, through the same forkless save
 * (atomic rename, Ctrl-C cancels and removes the temporary file). The offset carries over.
 *
 * @example
 * ```ts
 * await convertCommand('dump.rdb', 'dump.fkl', 'forkless', process, new AbortController().signal);
 * ```
 */
export async function convertCommand(input: string, target: string, format: SnapshotFormat, output: CliOutput, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  const sourceFormat = await detectSnapshotFormat(input);
  const keyspace = await loadSnapshot(input);
  const last = await lastValueFrom(saveSnapshot(keyspace, target, { signal, format }));
  if (last.state === 'cancelled') {
    output.stderr.write('convert cancelled; temporary file removed\n');
    return ExitCode.cancelled;
  }
  const elapsed = seconds(performance.now() - started);
  output.stdout.write(`converted ${last.keysWritten} keys from ${input} (${sourceFormat}) to ${target} (${format}, ${megabytes(last.bytesWritten)}) in ${elapsed}\n`);
  return ExitCode.ok;
}
