import type { ServerCommand, ServerCommandCall } from './ServerCommand.js';
import { commandName } from './subcommands.js';

/** EXEC: aborted by a queueing error (EXECABORT) or a touched watched key (null array), else every queued reply. */
function exec({ server, client }: ServerCommandCall): void | Promise<void> {
  const transaction = client.transaction;
  if (transaction === null) return client.writer.error('ERR EXEC without MULTI');
  client.transaction = null;
  const allowed = server.watches.execAllowed(client);
  server.watches.unwatch(client);
  if (transaction.aborted) return client.writer.error('EXECABORT Transaction discarded because of previous errors.');
  if (!allowed) return client.writer.nil(true);
  client.writer.arrayHeader(transaction.queue.length);
  // One unit: iterations and replication$ see the whole transaction before anything else runs.
  server.keyspace.atomically(() => {
    for (const argv of transaction.queue) {
      const resolved = server.commands.resolve(argv[0]!)!;
      // Queued commands passed lookup and arity checks, and nothing blocks inside EXEC.
      void server.dispatcher.call(client, commandName(resolved, argv), argv, resolved, true);
    }
  });
}

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * @example
 * ```ts
 * transactionCommands.map((command) => command.name); // ['multi', 'exec', 'discard', 'watch', 'unwatch']
 * ```
 */
export const transactionCommands: ServerCommand[] = [
  {
    name: 'multi',
    arity: 1,
    flags: ['control', 'fast', 'loading', 'stale'],
    group: 'transactions',
    run: ({ client }) => {
      if (client.transaction !== null) return client.writer.error('ERR MULTI calls can not be nested');
      client.transaction = { queue: [], aborted: false };
      client.writer.simple('OK');
    },
  },
  { name: 'exec', arity: 1, flags: ['control', 'loading', 'stale'], group: 'transactions', run: exec },
  {
    name: 'discard',
    arity: 1,
    flags: ['control', 'fast', 'loading', 'stale'],
    group: 'transactions',
    run: ({ server, client }) => {
      if (client.transaction === null) return client.writer.error('ERR DISCARD without MULTI');
      client.transaction = null;
      server.watches.unwatch(client);
      client.writer.simple('OK');
    },
  },
  {
    name: 'watch',
    arity: -2,
    flags: ['control', 'fast', 'loading', 'stale'],
    group: 'transactions',
    run: ({ server, client, args }) => {
      if (client.transaction !== null) return client.writer.error('ERR WATCH inside MULTI is not allowed');
      for (const key of args.slice(1)) server.watches.watch(client, client.session.db, key);
      client.writer.simple('OK');
    },
  },
  {
    name: 'unwatch',
    arity: 1,
    flags: ['fast', 'loading', 'stale'],
    group: 'transactions',
    run: ({ server, client }) => {
      server.watches.unwatch(client);
      client.writer.simple('OK');
    },
  },
];
