/**
 * A flag's value: `true` for a boolean, the text (or texts, for arity > 1), an array if repeated.
 *
 * @example
 * ```ts
 * const save: OptionValue = ['', '900 1']; // --save '' --save '900 1' (multiple)
 * ```
 */
export type OptionValue = boolean | string | readonly string[] | readonly (readonly string[])[];

/**
 * The parsed arguments of a subcommand.
 *
 * @example
 * ```ts
 * const commandLine: CommandLine = { positionals: ['dump.fkl'], options: { json: true } };
 * ```
 */
export interface CommandLine {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
}

/**
 * A stream the CLI writes to; a terminal has `isTTY` and `columns`.
 *
 * @example
 * ```ts
 * const stderr: CliStream = { isTTY: true, columns: 80, write: (text) => captured.push(text) };
 * ```
 */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Where the CLI writes and what it reads from its environment (`process` satisfies it).
 *
 * @example
 * ```ts
 * await runCli(['--version'], process, signal);
 * ```
 */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** `COLUMNS` sets the width of progress lines when stderr does not report one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * What a running subcommand gets: the I/O, and the signal that Ctrl-C aborts.
 *
 * @example
 * ```ts
 * const context: CliContext = { ...process, signal: controller.signal };
 * ```
 */
export interface CliContext extends CliIo {
  readonly signal: AbortSignal;
}

/**
 * One flag of a subcommand.
 *
 * @example
 * ```ts
 * const replicaof: CliOption = { type: 'string', arity: 2, value: 'host port', description: 'follow this leader' };
 * ```
 */
export interface CliOption {
  /** `boolean` flags take no value; `string` flags take `arity` values (default 1). */
  readonly type: 'string' | 'boolean';
  /** Placeholder in the help, e.g. `N` or `host port`. */
  readonly value?: string;
  readonly description: string;
  /** Values taken by one occurrence (e.g. 2 for `--replicaof host port`); then the value is an array. */
  readonly arity?: number;
  /** May be repeated; the value is then an array of occurrences. */
  readonly multiple?: boolean;
}

/**
 * Exit codes of the CLI.
 *
 * @example
 * ```ts
 * return report.valid ? ExitCode.ok : ExitCode.failure;
 * ```
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const;

/**
 * A subcommand of `forkless`: its words, synopsis, flags and implementation. Add one by writing
 * a file under `lib/cli/commands/` and one row in the table of `lib/cli/commands/index.ts`.
 *
 * @example
 * ```ts
 * export const snapshotVerify: CliCommand = {
 *   name: ['snapshot', 'verify'],
 *   summary: 'exit 0 if the file is valid, 1 if not',
 *   arguments: ['<file>'],
 *   options: {},
 *   run: async ({ positionals: [path] }, context) => ExitCode.ok,
 * };
 * ```
 */
export interface CliCommand {
  /** The words after `forkless`, e.g. `['snapshot', 'save']`. */
  readonly name: readonly string[];
  /** One line for the list of commands. */
  readonly summary: string;
  /** Positional synopsis: `<file>` required, `[file]` optional, `<addr>...` one or more. */
  readonly arguments: readonly string[];
  readonly options: Readonly<Record<string, CliOption>>;
  /**
   * The command parses its own arguments (e.g. `server`'s redis-server directives, `--save 900 1`):
   * they arrive unparsed as `positionals`; `--help` and `--version` are still answered.
   */
  readonly rawArguments?: boolean;
  /** Paragraphs shown by `--help` under the usage line. */
  readonly description?: string;
  /** Runs the command and resolves to its exit code; a thrown {@link UsageError} exits 2. */
  run(commandLine: CommandLine, context: CliContext): Promise<number>;
}
