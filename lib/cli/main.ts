import { isForklessError } from '../errors.js';
import { ExitCode, type CliCommand, type CliIo } from './CliCommand.js';
import { commands } from './commands/index.js';
import { commandHelp, groupHelp } from './helpText.js';
import { parseCommandLine } from './parseCommandLine.js';
import { UsageError } from './UsageError.js';
import { packageVersion } from './version.js';

/**
 * The `forkless` command line: finds the subcommand in the table of `lib/cli/commands/index.ts`,
 * answers `--help` (stdout, exit 0) and `--version` at every level, parses the flags and runs it.
 * Usage errors print one line and exit 2; typed errors print `forkless: CODE: message` and exit 1.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(['snapshot', 'verify', 'dump.fkl'], process, signal);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, signal: AbortSignal, table: readonly CliCommand[] = commands): Promise<number> {
  const group = commandWords(argv, table);
  const command = table.find((candidate) => candidate.name.length === group.length && startsWith(candidate, group));
  const rest = argv.slice(group.length);
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  const title = ['forkless', ...group].join(' ');
  if (flags.includes('--version') || flags.includes('-V')) return print(io, `forkless ${packageVersion()}\n`);
  if (flags.includes('--help') || flags.includes('-h')) return print(io, command ? commandHelp(command) : groupHelp(group, table));
  try {
    if (command === undefined) throw new UsageError(missingCommand(rest[0], group));
    const commandLine = command.rawArguments ? { positionals: rest, options: {} } : parseCommandLine(rest, command.options);
    if (!command.rawArguments) checkArguments(command, commandLine.positionals);
    return await command.run(commandLine, { ...io, signal });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${title}: ${error.message} (see '${title} --help')\n`);
      return ExitCode.usage;
    }
    io.stderr.write(`forkless: ${isForklessError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.failure;
  }
}

/** The longest run of leading words that names a command or a group of commands. */
function commandWords(argv: readonly string[], table: readonly CliCommand[]): string[] {
  const words: string[] = [];
  for (const word of argv) {
    const candidate = [...words, word];
    if (!table.some((command) => startsWith(command, candidate))) break;
    words.push(word);
    if (table.some((command) => command.name.length === words.length && startsWith(command, words))) break;
  }
  return words;
}

function startsWith(command: CliCommand, words: readonly string[]): boolean {
  return words.length <= command.name.length && words.every((word, index) => command.name[index] === word);
}

function missingCommand(next: string | undefined, group: readonly string[]): string {
  if (next === undefined) return 'missing command';
  if (next.startsWith('-')) return `unknown option ${next.split('=')[0]}`;
  return `unknown command '${[...group, next].join(' ')}'`;
}

function checkArguments(command: CliCommand, positionals: readonly string[]): void {
  const required = command.arguments.filter((argument) => argument.startsWith('<'));
  const variadic = command.arguments.at(-1)?.endsWith('...') === true;
  if (positionals.length < required.length) throw new UsageError(`missing ${required[positionals.length]}`);
  if (!variadic && positionals.length > command.arguments.length) throw new UsageError(`unexpected argument '${positionals[command.arguments.length]}'`);
}

function print(io: CliIo, text: string): number {
  io.stdout.write(text);
  return ExitCode.ok;
}
