import type { ServerCommand } from './ServerCommand.js';
import { subcommands } from './subcommands.js';
import { writeReply } from './writeReply.js';

const slowlog = subcommands('slowlog', {
  get: {
    arity: -2,
    run: ({ server, client, args }) => {
      if (args.length > 3) return client.writer.error(`ERR unknown subcommand or wrong number of arguments for '${args[1]}'. Try SLOWLOG HELP.`);
      const count = args.length === 3 ? (/^-?\d{1,18}$/.test(args[2]!) ? Number(args[2]) : -2) : 10;
      if (count < -1) return client.writer.error('ERR count should be greater than or equal to -1');
      writeReply(client.writer, server.slowLog.get(count), 'bulk');
    },
    help: [
      'GET [<count>]',
      '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
      '    Entries are made of:',
      '    id, timestamp, time in microseconds, arguments array, client IP and port,',
      '    client name',
    ],
  },
  len: { arity: 2, run: ({ server, client }) => client.writer.integer(server.slowLog.length), help: ['LEN', '    Return the length of the slowlog.'] },
  reset: {
    arity: 2,
    run: ({ server, client }) => {
      server.slowLog.reset();
      client.writer.simple('OK');
    },
    help: ['RESET', '    Reset the slowlog.'],
  },
});

/**
 * SLOWLOG GET [count] | LEN | RESET | HELP over the server's slow log (`slowlog-log-slower-than`,
 * `slowlog-max-len`), with redis-server's replies.
 *
 * @example
 * ```ts
 * slowlogCommand.name; // 'slowlog'
 * ```
 */
export const slowlogCommand: ServerCommand = { name: 'slowlog', arity: -2, flags: ['admin', 'loading', 'stale'], group: 'server', ...slowlog };
