import { detectSnapshotFormat } from '../../snapshot/detectSnapshotFormat.js';
import { loadSnapshot } from '../../snapshot/loadSnapshot.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';
import { stringOption } from '../optionValues.js';
import { megabytes, seconds } from '../progressBar.js';
import { saveWithProgress } from '../saveWithProgress.js';
import { snapshotFormatOf } from '../snapshotFormatOf.js';

/**
 * `forkless snapshot convert <in> <out> [--format rdb|forkless]`: loads `<in>` (either format, told
 * by its magic; expired keys dropped) and saves it as `<out>` in `format`, through the same forkless
 * save (atomic rename, progress bar on a terminal, Ctrl-C cancels and removes the temporary file).
 * The offset carries over.
 *
 * @example
 * ```sh
 * npx forkless snapshot convert dump.rdb dump.fkl
 * ```
 */
export const snapshotConvert: CliCommand = {
  name: ['snapshot', 'convert'],
  summary: 'rewrite a snapshot in the other format (reads both)',
  arguments: ['<in>', '<out>'],
  options: { format: { type: 'string', value: 'rdb|forkless', description: 'output format (default: by the extension of <out>)' } },
  async run(commandLine, context) {
    const [input, target] = commandLine.positionals as [string, string];
    const format = snapshotFormatOf(stringOption(commandLine, 'format'), target);
    const started = performance.now();
    const sourceFormat = await detectSnapshotFormat(input);
    const keyspace = await loadSnapshot(input);
    const last = await saveWithProgress(keyspace, target, { format }, context);
    if (last.state === 'cancelled') {
      context.stderr.write('convert cancelled; temporary file removed\n');
      return ExitCode.cancelled;
    }
    const elapsed = seconds(performance.now() - started);
    context.stdout.write(`converted ${last.keysWritten} keys from ${input} (${sourceFormat}) to ${target} (${format}, ${megabytes(last.bytesWritten)}) in ${elapsed}\n`);
    return ExitCode.ok;
  },
};
