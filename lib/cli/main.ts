import { parseArgs } from 'node:util';
import { isForklessError } from '../errors.js';
import type { DatasetOptions } from './generateDataset.js';
import { convertCommand } from './convertCommand.js';
import { snapshotFormatOf } from './snapshotFormatOf.js';
import { ExitCode, inspectCommand, loadCommand, saveCommand, verifyCommand, type CliOutput } from './snapshotCommands.js';

const USAGE = `usage: forkless snapshot <command> <file> [options]

commands:
  save <file>      generate a dataset and save it as a snapshot (progress bar on a TTY)
                   --keys N (100000)  --value-bytes B (100)  --types all|strings (all)  --history-id ID
                   --format rdb|forkless (by extension: .rdb is a Redis RDB, default forkless)
  convert <in> <out>  rewrite a snapshot in the other format (either direction; reads both)
                   --format rdb|forkless (default: by the extension of <out>)
  load <file>      load the snapshot and print keys, offset and digest
  inspect <file>   header, key counts per database and type, checksum status  [--json]
  verify <file>    exit 0 if the file is valid, 1 if not

exit codes: 0 ok, 1 invalid file or failure, 2 usage, 130 cancelled
`;

const OPTIONS = {
  keys: { type: 'string' },
  'value-bytes': { type: 'string' },
  types: { type: 'string' },
  'history-id': { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The `forkless` command line: parses `argv` (without node and script), runs the command, and
 * returns the exit code. Typed errors are printed as `code: message`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(['snapshot', 'verify', 'dump.fkl'], process, signal);
 * ```
 */
export async function runCli(argv: readonly string[], output: CliOutput, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(output, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return usage(output);
  const [group, command, path, ...extra] = positionals;
  if (group !== 'snapshot' || command === undefined || path === undefined || extra.length > (command === 'convert' ? 1 : 0)) return usage(output);
  if (command === 'convert' && extra.length === 0) return usage(output, 'convert needs <in> and <out>');
  let dataset: DatasetOptions;
  let format;
  try {
    dataset = datasetOptions(values);
    if (command === 'save') format = snapshotFormatOf(values.format, path, 'forkless');
    if (command === 'convert') format = snapshotFormatOf(values.format, extra[0]!);
  } catch (error) {
    return usage(output, (error as Error).message);
  }
  try {
    switch (command) {
      case 'save':
        return await saveCommand(path, { ...dataset, historyId: values['history-id'], format }, output, signal);
      case 'convert':
        return await convertCommand(path, extra[0]!, format!, output, signal);
      case 'load':
        return await loadCommand(path, output);
      case 'inspect':
        return await inspectCommand(path, values.json === true, output);
      case 'verify':
        return await verifyCommand(path, output);
      default:
        return usage(output, `unknown command '${command}'`);
    }
  } catch (error) {
    const text = isForklessError(error) ? `${error.code}: ${error.message}` : String(error);
    output.stderr.write(`forkless: ${text}\n`);
    return ExitCode.invalid;
  }
}

function datasetOptions(values: { keys?: string; 'value-bytes'?: string; types?: string }): DatasetOptions {
  const count = (text: string | undefined, name: string) => {
    if (text === undefined) return undefined;
    const number = Number(text);
    if (!Number.isSafeInteger(number) || number < 0) throw new Error(`--${name} must be a non-negative integer`);
    return number;
  };
  const types = values.types;
  if (types !== undefined && types !== 'all' && types !== 'strings') throw new Error('--types must be all or strings');
  return { keys: count(values.keys, 'keys'), valueBytes: count(values['value-bytes'], 'value-bytes'), types };
}

function usage(output: CliOutput, problem?: string): number {
  output.stderr.write(`${problem ? `forkless: ${problem}\n` : ''}${USAGE}`);
  return ExitCode.usage;
}
