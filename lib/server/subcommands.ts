import type { ServerCommandCall } from './ServerCommand.js';

/** A subcommand: arity counted from the container's name (CLIENT KILL ip:port = 3). */
export interface Subcommand {
  readonly arity: number;
  readonly run: (call: ServerCommandCall) => void | Promise<void>;
  /** Its entry in `<CONTAINER> HELP`: the usage line, then the description lines (Redis 7.0's words). */
  readonly help: readonly string[];
}

/**
 * Dispatches `CONTAINER SUB …` to a table, with Redis 7's errors for unknown subcommands
 * (`ERR unknown subcommand 'x'. Try CLIENT HELP.`) and wrong arity (`'client|kill'`), and answers
 * `CONTAINER HELP` as Redis does: a header, each subcommand's help in table order (after
 * `preamble`, lines about the container alone), then HELP itself.
 *
 * @example
 * ```ts
 * const run = subcommands('client', { id: { arity: 2, run: ({ client }) => client.writer.integer(client.id), help: ['ID', '    Return the ID of the current connection.'] } });
 * ```
 */
export function subcommands(container: string, table: Readonly<Record<string, Subcommand>>, preamble: readonly string[] = []): (call: ServerCommandCall) => void | Promise<void> {
  const upper = container.toUpperCase();
  const help: Subcommand = {
    arity: 2,
    run: ({ client }) => {
      const lines = helpLines(container, [...preamble, ...Object.values(table).flatMap((entry) => entry.help)]);
      client.writer.arrayHeader(lines.length);
      for (const line of lines) client.writer.simple(line);
    },
    help: [],
  };
  return (call) => {
    const name = call.args[1]!.toLowerCase();
    const subcommand = Object.hasOwn(table, name) ? table[name] : name === 'help' ? help : undefined;
    if (subcommand === undefined) {
      return call.client.writer.error(`ERR unknown subcommand '${call.args[1]}'. Try ${upper} HELP.`);
    }
    call.client.lastCommand = `${container}|${name}`;
    const count = call.args.length;
    if ((subcommand.arity > 0 && count !== subcommand.arity) || count < -subcommand.arity) {
      return call.client.writer.error(`ERR wrong number of arguments for '${container}|${name}' command`);
    }
    return subcommand.run(call);
  };
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
