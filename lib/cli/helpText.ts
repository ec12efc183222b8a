import type { CliCommand, CliOption } from './CliCommand.js';

const COMMON_FLAGS: readonly [string, string][] = [
  ['-h, --help', 'print this help and exit'],
  ['-V, --version', 'print the version and exit'],
];
const EXIT_CODES = 'exit codes: 0 ok, 1 failure or invalid file, 2 usage, 130 cancelled (Ctrl-C)';

/**
 * `--help` of one subcommand: usage line, summary, description and every flag.
 *
 * @example
 * ```ts
 * process.stdout.write(commandHelp(snapshotSave));
 * ```
 */
export function commandHelp(command: CliCommand): string {
  const flags = Object.entries(command.options).map(([name, option]): [string, string] => [flagSynopsis(name, option), option.description]);
  const sections = [`usage: forkless ${[...command.name, ...command.arguments].join(' ')} [options]`, command.summary];
  if (command.description !== undefined) sections.push(wrap(command.description, 79));
  sections.push(`options:\n${table([...flags, ...COMMON_FLAGS])}`, EXIT_CODES);
  return `${sections.join('\n\n')}\n`;
}

/**
 * `--help` of a group of subcommands (`[]` = the whole CLI): every command under it with its
 * summary (arguments and flags are in each command's own help, so lines stay within 80 columns).
 *
 * @example
 * ```ts
 * process.stdout.write(groupHelp(['snapshot'], commands));
 * ```
 */
export function groupHelp(group: readonly string[], commands: readonly CliCommand[]): string {
  const members = commands.filter((command) => group.every((word, index) => command.name[index] === word));
  const rows = members.map((command): [string, string] => [command.name.slice(group.length).join(' '), command.summary]);
  const title = ['forkless', ...group].join(' ');
  const intro = group.length === 0 ? 'forkless: point-in-time snapshots and replication of a keyspace without fork()\n\n' : '';
  return `${intro}usage: ${title} <command> [options]\n\ncommands:\n${table(rows)}\n\noptions:\n${table(COMMON_FLAGS)}\n\nRun '${title} <command> --help' for the flags of a command.\n${EXIT_CODES}\n`;
}

/** Breaks `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

function flagSynopsis(name: string, option: CliOption): string {
  return option.type === 'boolean' ? `--${name}` : `--${name} ${option.value ?? 'VALUE'}`;
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join('\n');
}
