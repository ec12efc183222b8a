import { clientCommand } from './clientCommand.js';
import { commandCommand } from './commandCommand.js';
import { configCommand } from './configCommand.js';
import { connectionCommands } from './connectionCommands.js';
import { infoText } from './infoSections.js';
import { memoryCommand } from './memoryCommand.js';
import { slowlogCommand } from './slowlogCommand.js';
import { persistenceCommands } from './persistenceCommands.js';
import { pubsubCommands } from './pubsubCommands.js';
import { replicationCommands } from './replicationCommands.js';
import type { ServerCommand } from './ServerCommand.js';
import { transactionCommands } from './transactionCommands.js';

const infoCommand: ServerCommand = {
  name: 'info',
  arity: -1,
  flags: ['loading', 'stale'],
  group: 'server',
  run: ({ server, client, args }) => client.writer.verbatim(infoText(server, args.slice(1))),
};

/**
 * The commands the server implements itself, by lower-case name; everything else goes to the
 * keyspace's command table.
 *
 * @example
 * ```ts
 * SERVER_COMMANDS.get('hello')?.flags.includes('noauth'); // true
 * ```
 */
export const SERVER_COMMANDS: ReadonlyMap<string, ServerCommand> = new Map(
  [
    ...connectionCommands,
    ...transactionCommands,
    ...pubsubCommands,
    ...persistenceCommands,
    ...replicationCommands,
    clientCommand,
    commandCommand,
    configCommand,
    memoryCommand,
    infoCommand,
    slowlogCommand,
  ].map((command) => [command.name, command]),
);
