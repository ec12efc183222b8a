import type { CliCommand } from '../CliCommand.js';
import { serverCommand } from '../serverCommand.js';

/**
 * `forkless server [config-file] [--directive value …]`: a Redis-compatible RESP server, with
 * redis-server's directive names on the command line and in a config file.
 *
 * @example
 * ```sh
 * npx forkless server --port 6379 --dir . --save "900 1 300 10"
 * ```
 */
export const server: CliCommand = {
  name: ['server'],
  summary: 'Redis-compatible RESP server (redis-server flags)',
  arguments: ['[config-file]'],
  options: {},
  rawArguments: true,
  description:
    'Directives take redis-server\'s names (see the README\'s server table): --port, --bind, --dir, --dbfilename, --requirepass, --save "900 1 300 10", --appendonly no, --maxclients, … A config file holds the same directives, one per line (redis.conf syntax); flags override it. SIGTERM or SIGINT saves (when save rules are set) and exits.',
  run: (commandLine, context) => serverCommand(commandLine.positionals, context, context.signal),
};
