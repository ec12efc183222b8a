import type { ByteString } from '../keyspace/byteString.js';
import type { ResolvedCommand, ServerCommandCall, Subcommand, SubcommandTable } from './ServerCommand.js';

/**
 * A container command's `run` and `subcommands`: the server checks a request against the table
 * before it runs (Redis's `unknown subcommand` and `'client|kill'` arity errors, stats under
 * `client|kill`), then `run` runs the subcommand. `<CONTAINER> HELP` answers as Redis does: a
 * header, each subcommand's help in table order (after `preamble`, lines about the container
 * alone), then HELP itself.
 *
 * @example
 * ```ts
 * const client = { name: 'client', arity: -2, flags: [], group: 'connection', ...subcommands('client', { id: { arity: 2, run: ({ client }) => client.writer.integer(client.id), help: ['ID', '    Return the ID of the current connection.'] } }) };
 * ```
 */
export function subcommands(
  container: string,
  table: Readonly<Record<string, Subcommand>>,
  preamble: readonly string[] = [],
): { readonly run: (call: ServerCommandCall) => void | Promise<void>; readonly subcommands: SubcommandTable } {
  const help: Subcommand = {
    arity: 2,
    run: ({ client }) => {
      const lines = helpLines(container, [...preamble, ...Object.values(table).flatMap((entry) => entry.help)]);
      client.writer.arrayHeader(lines.length);
      for (const line of lines) client.writer.simple(line);
    },
    help: [],
  };
  const find = (name: string): Subcommand | undefined => {
    const lower = name.toLowerCase();
    return Object.hasOwn(table, lower) ? table[lower] : lower === 'help' ? help : undefined;
  };
  // The server checked the subcommand and its arity already.
  return { run: (call) => find(call.args[1]!)!.run(call), subcommands: { container, find } };
}

/**
 * The name a request runs under: `container|sub` for a known subcommand (Redis's commandstats,
 * slow log and CLIENT LIST `cmd`), else the command's own.
 *
 * @example
 * ```ts
 * commandName(commands.resolve('CONFIG')!, ['CONFIG', 'GET', 'port']); // 'config|get'
 * ```
 */
export function commandName(resolved: ResolvedCommand, argv: readonly ByteString[]): string {
  const table = resolved.kind === 'server' ? resolved.command.subcommands : undefined;
  return table !== undefined && argv.length > 1 && table.find(argv[1]!) !== undefined ? `${resolved.command.name}|${argv[1]!.toLowerCase()}` : resolved.command.name;
}

/**
 * A `<CONTAINER> HELP` reply as Redis 7.0 frames it: the header, the subcommands' lines, then HELP.
 *
 * @example
 * ```ts
 * helpLines('config', ['GET <pattern>', '    Return parameters …'])[0]; // 'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'
 * ```
 */
export function helpLines(container: string, lines: readonly string[]): string[] {
  return [`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Prints this help.'];
}
