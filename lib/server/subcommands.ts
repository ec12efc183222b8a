import type { ServerCommandCall } from './ServerCommand.js';

/** A subcommand: arity counted from the container's name (CLIENT KILL ip:port = 3). */
export interface Subcommand {
  readonly arity: number;
  readonly run: (call: ServerCommandCall) => void | Promise<void>;
}

/**
 * Dispatches `CONTAINER SUB …` to a table, with Redis 7's errors for unknown subcommands
 * (`ERR unknown subcommand 'x'. Try CLIENT HELP.`) and wrong arity (`'client|kill'`).
 *
 * @example
 * ```ts
 * const run = subcommands('client', { id: { arity: 2, run: ({ client }) => client.writer.integer(client.id) } });
 * ```
 */
export function subcommands(container: string, table: Readonly<Record<string, Subcommand>>): (call: ServerCommandCall) => void | Promise<void> {
  return (call) => {
    const name = call.args[1]!.toLowerCase();
    const subcommand = Object.hasOwn(table, name) ? table[name] : undefined;
    if (subcommand === undefined) {
      return call.client.writer.error(`ERR unknown subcommand '${call.args[1]}'. Try ${container.toUpperCase()} HELP.`);
    }
    call.client.lastCommand = `${container}|${name}`;
    const count = call.args.length;
    if ((subcommand.arity > 0 && count !== subcommand.arity) || count < -subcommand.arity) {
      return call.client.writer.error(`ERR wrong number of arguments for '${container}|${name}' command`);
    }
    return subcommand.run(call);
  };
}
