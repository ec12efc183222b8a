import { Keyspace } from '../../keyspace/Keyspace.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';
import { generateDataset } from '../generateDataset.js';
import { choiceOption, integerOption, stringOption } from '../optionValues.js';
import { megabytes, renderBar, seconds } from '../progressBar.js';
import { saveWithProgress } from '../saveWithProgress.js';
import { snapshotFormatOf } from '../snapshotFormatOf.js';
import { StatusLine } from '../StatusLine.js';

/**
 * `forkless snapshot save <file>`: generates a deterministic dataset and saves it, with progress
 * bars for both steps on a terminal; Ctrl-C stops either step (exit 130, no file left behind).
 *
 * @example
 * ```sh
 * npx forkless snapshot save dump.fkl --keys 1000000 --types strings
 * ```
 */
export const snapshotSave: CliCommand = {
  name: ['snapshot', 'save'],
  summary: 'generate a dataset and save it as a snapshot',
  arguments: ['<file>'],
  description:
    "The dataset: 'key:<n>' strings of --value-bytes bytes; with --types all, every tenth key is a small hash, list, set or sorted set instead. Progress bars on a terminal.",
  options: {
    keys: { type: 'string', value: 'N', description: 'number of keys (default 100000)' },
    'value-bytes': { type: 'string', value: 'B', description: 'bytes of each string value (default 100)' },
    types: { type: 'string', value: 'all|strings', description: 'key types to generate (default all)' },
    'history-id': { type: 'string', value: 'ID', description: 'history id written in the header (default random)' },
    format: { type: 'string', value: 'rdb|forkless', description: 'file format (default: by extension, else forkless)' },
  },
  async run(commandLine, context) {
    const [path] = commandLine.positionals as [string];
    const keys = integerOption(commandLine, 'keys', 100_000);
    const valueBytes = integerOption(commandLine, 'value-bytes', 100);
    const types = choiceOption(commandLine, 'types', ['all', 'strings'], 'all');
    const historyId = stringOption(commandLine, 'history-id');
    const format = snapshotFormatOf(stringOption(commandLine, 'format'), path, 'forkless');
    const keyspace = new Keyspace();
    const line = new StatusLine(context);
    const onProgress = (generated: number, total: number) => line.show(renderBar(generated / total, 'generating', [`${generated}/${total} keys`], line.columns));
    const generated = await generateDataset(keyspace, { keys, valueBytes, types, signal: context.signal, onProgress });
    line.end();
    if (!generated) {
      context.stderr.write('generation cancelled; nothing saved\n');
      return ExitCode.cancelled;
    }
    const last = await saveWithProgress(keyspace, path, { format, ...(historyId ? { historyId } : {}) }, context);
    if (last.state === 'cancelled') {
      context.stderr.write('save cancelled; temporary file removed\n');
      return ExitCode.cancelled;
    }
    const rate = last.elapsedMs > 0 ? Math.round((last.keysWritten * 1000) / last.elapsedMs) : last.keysWritten;
    context.stdout.write(`saved ${last.keysWritten} keys, ${megabytes(last.bytesWritten)} to ${path} in ${seconds(last.elapsedMs)} (${rate} keys/s)\n`);
    return ExitCode.ok;
  },
};
