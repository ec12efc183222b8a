import { lastValueFrom, tap } from 'rxjs';
import { Keyspace } from '../keyspace/Keyspace.js';
import { inspectSnapshot } from '../snapshot/inspectSnapshot.js';
import { loadSnapshot } from '../snapshot/loadSnapshot.js';
import { saveSnapshot } from '../snapshot/saveSnapshot.js';
import type { SnapshotFormat } from '../snapshot/SnapshotEncoder.js';
import { formatInspection } from './formatInspection.js';
import { generateDataset, type DatasetOptions } from './generateDataset.js';
import { megabytes, renderProgressBar, seconds } from './progressBar.js';

/** Where a command writes; `isTTY` on stderr turns the progress bar on. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** Exit codes of the CLI. */
export const ExitCode = { ok: 0, invalid: 1, usage: 2, cancelled: 130 } as const;

/**
 * `snapshot save <file>`: generates a dataset and saves it, with a progress bar on a TTY; Ctrl-C
 * (the `signal`) cancels and removes the temporary file.
 *
 * @example
 * ```ts
 * await saveCommand('dump.fkl', { keys: 1000 }, process, new AbortController().signal);
 * ```
 */
export async function saveCommand(path: string, dataset: DatasetOptions & { historyId?: string; format?: SnapshotFormat }, output: CliOutput, signal: AbortSignal): Promise<number> {
  const keyspace = new Keyspace();
  generateDataset(keyspace, dataset);
  const showBar = output.stderr.isTTY === true;
  const save$ = saveSnapshot(keyspace, path, { signal, format: dataset.format, ...(dataset.historyId ? { historyId: dataset.historyId } : {}) });
  const last = await lastValueFrom(save$.pipe(tap((progress) => showBar && output.stderr.write(`\r${renderProgressBar(progress)}`))));
  if (showBar) output.stderr.write('\n');
  if (last.state === 'cancelled') {
    output.stderr.write('save cancelled; temporary file removed\n');
    return ExitCode.cancelled;
  }
  const rate = last.elapsedMs > 0 ? Math.round((last.keysWritten * 1000) / last.elapsedMs) : last.keysWritten;
  output.stdout.write(`saved ${last.keysWritten} keys, ${megabytes(last.bytesWritten)} to ${path} in ${seconds(last.elapsedMs)} (${rate} keys/s)\n`);
  return ExitCode.ok;
}

/** `snapshot load <file>`: loads into a fresh keyspace and prints keys, offset and digest. */
export async function loadCommand(path: string, output: CliOutput): Promise<number> {
  const started = performance.now();
  const keyspace = await loadSnapshot(path);
  const keys = keyspace.databases.reduce((total, database) => total + database.size, 0);
  output.stdout.write(`loaded ${keys} keys at offset ${keyspace.offset} in ${seconds(performance.now() - started)}; digest ${keyspace.digest()}\n`);
  return ExitCode.ok;
}

/** `snapshot inspect <file> [--json]`: the full report; exit 1 when the file is invalid. */
export async function inspectCommand(path: string, json: boolean, output: CliOutput): Promise<number> {
  const report = await inspectSnapshot(path);
  if (json) {
    const databases = Object.fromEntries(report.databases);
    const error = report.error && { code: report.error.code, message: report.error.message, offset: report.error.details.offset ?? null };
    output.stdout.write(`${JSON.stringify({ ...report, databases, error }, null, 2)}\n`);
  } else output.stdout.write(`${formatInspection(report)}\n`);
  return report.valid ? ExitCode.ok : ExitCode.invalid;
}

/** `snapshot verify <file>`: one line, exit 0 when valid, 1 otherwise. */
export async function verifyCommand(path: string, output: CliOutput): Promise<number> {
  const report = await inspectSnapshot(path);
  if (report.valid) {
    output.stdout.write(`OK ${path}: ${report.keys} keys, checksum ok\n`);
    return ExitCode.ok;
  }
  output.stdout.write(`INVALID ${path}: ${report.error?.code}: ${report.error?.message}\n`);
  return ExitCode.invalid;
}
