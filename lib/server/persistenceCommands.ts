import type { ServerCommand } from './ServerCommand.js';

/** SAVE, BGSAVE [SCHEDULE], LASTSAVE, SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE].
 *
 * @example
 * ```ts
 * persistenceCommands.map((command) => command.name); // ['save', 'bgsave', 'lastsave', 'shutdown']
 * ```
 */
export const persistenceCommands: ServerCommand[] = [
  {
    name: 'save',
    arity: 1,
    flags: ['admin'],
    group: 'server',
    run: async ({ server, client }) => {
      if (server.persistence.inProgress) return client.writer.error('ERR Background save already in progress');
      if (await server.persistence.save()) client.writer.simple('OK');
      else client.writer.error('ERR');
    },
  },
  {
    name: 'bgsave',
    arity: -1,
    flags: ['admin'],
    group: 'server',
    run: ({ server, client, args }) => {
      const schedule = args.length === 2 && args[1]!.toLowerCase() === 'schedule';
      if (args.length > 2 || (args.length === 2 && !schedule)) return client.writer.error('ERR syntax error');
      if (server.persistence.bgsave() === 'started') return client.writer.simple('Background saving started');
      if (!schedule) return client.writer.error('ERR Background save already in progress');
      server.persistence.scheduled = true;
      client.writer.simple('Background saving scheduled');
    },
  },
  { name: 'lastsave', arity: 1, flags: ['fast', 'loading', 'stale'], group: 'server', run: ({ server, client }) => client.writer.integer(server.persistence.lastSave) },
  {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noauth', 'loading', 'stale'],
    group: 'server',
    run: async ({ server, client, args }) => {
      if (!client.authenticated) return client.writer.error('NOAUTH Authentication required.');
      let save: boolean | undefined;
      for (const word of args.slice(1).map((arg) => arg.toLowerCase())) {
        if (word === 'nosave' && save === undefined) save = false;
        else if (word === 'save' && save === undefined) save = true;
        else if (word !== 'now' && word !== 'force') return client.writer.error('ERR syntax error');
      }
      if (!(await server.shutdown({ save }))) client.writer.error('ERR Errors trying to SHUTDOWN. Check logs.');
    },
  },
];
