import { writeFile } from 'node:fs/promises';
import type { ServerCommand } from './ServerCommand.js';
import { UnknownParameterError } from './ServerConfig.js';
import { subcommands } from './subcommands.js';

const config = subcommands('config', {
  get: {
    arity: -3,
    run: ({ server, client, args }) => {
      const pairs = server.config.matching(args.slice(2));
      client.writer.mapHeader(pairs.length);
      for (const [name, value] of pairs) {
        client.writer.bulk(name);
        client.writer.bulk(value);
      }
    },
    help: ['GET <pattern>', '    Return parameters matching the glob-like <pattern> and their values.'],
  },
  set: {
    arity: -4,
    run: ({ server, client, args }) => {
      if (args.length % 2 !== 0) return client.writer.error("ERR wrong number of arguments for 'config|set' command");
      // Validate everything first: CONFIG SET applies all pairs or none.
      const previous: [string, string][] = [];
      for (let index = 2; index < args.length; index += 2) {
        const name = args[index]!;
        try {
          previous.push([name, server.config.text(name)]);
          server.config.set(name, args[index + 1]!);
        } catch (error) {
          for (const [restored, value] of previous.slice(0, -1).reverse()) server.config.set(restored, value, true);
          if (error instanceof UnknownParameterError) return client.writer.error(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
          return client.writer.error(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${(error as Error).message}`);
        }
      }
      client.writer.simple('OK');
    },
    help: ['SET <directive> <value>', '    Set the configuration <directive> to <value>.'],
  },
  resetstat: {
    arity: 2,
    run: ({ server, client }) => {
      server.stats.reset();
      client.writer.simple('OK');
    },
    help: ['RESETSTAT', '    Reset statistics reported by the INFO command.'],
  },
  rewrite: {
    arity: 2,
    run: async ({ server, client }) => {
      const file = server.configFile;
      if (file === undefined) return client.writer.error('ERR The server is running without a config file');
      const lines = server.config.changed().map(([name, value]) => `${name} ${value === '' || /\s/.test(value) ? JSON.stringify(value) : value}`);
      try {
        await writeFile(file, `# Rewritten by forkless CONFIG REWRITE\n${lines.join('\n')}\n`);
        client.writer.simple('OK');
      } catch (error) {
        client.writer.error(`ERR Rewriting config file: ${(error as Error).message}`);
      }
    },
    help: ['REWRITE', '    Rewrite the configuration file.'],
  },
});

/** CONFIG GET/SET/RESETSTAT/REWRITE/HELP over the documented directives.
 *
 * @example
 * ```ts
 * configCommand.name; // 'config'
 * ```
 */
export const configCommand: ServerCommand = { name: 'config', arity: -2, flags: ['admin', 'loading', 'stale'], group: 'server', ...config };
