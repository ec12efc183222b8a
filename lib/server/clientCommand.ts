import type { Client } from './Client.js';
import { validClientName } from './connectionCommands.js';
import type { ServerCommand, ServerCommandCall, ServerContext } from './ServerCommand.js';
import { subcommands } from './subcommands.js';

/**
 * One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields.
 *
 * @example
 * ```ts
 * describeClient(server, client); // 'id=3 addr=127.0.0.1:50000 laddr=… resp=2'
 * ```
 */
export function describeClient(server: ServerContext, client: Client): string {
  const now = server.now();
  const flags = `${client.transaction !== null ? 'x' : ''}${server.blocking.isBlocked(client) ? 'b' : ''}${client.subscribed ? 'P' : ''}${client.closing ? 'c' : ''}` || 'N';
  const fields = [
    `id=${client.id}`,
    `addr=${client.address}`,
    `laddr=${client.localAddress}`,
    `fd=${(client.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1}`,
    `name=${client.name}`,
    `age=${Math.floor((now - client.createdAt) / 1000)}`,
    `idle=${Math.floor((now - client.lastInteraction) / 1000)}`,
    `flags=${flags}`,
    `db=${client.session.db}`,
    `sub=${client.channels.size}`,
    `psub=${client.patterns.size}`,
    'ssub=0',
    `multi=${client.transaction?.queue.length ?? -1}`,
    `qbuf=${client.parser.bufferedBytes}`,
    'qbuf-free=0',
    'argv-mem=0',
    'multi-mem=0',
    'rbs=16384',
    'rbp=0',
    `obl=${client.writer.length}`,
    'oll=0',
    `omem=${client.socket.writableLength}`,
    `tot-mem=${client.outputBytes + client.parser.bufferedBytes}`,
    'events=r',
    `cmd=${client.lastCommand}`,
    'user=default',
    'redir=-1',
    `resp=${client.writer.protocol}`,
  ];
  return fields.join(' ');
}

/** CLIENT KILL: old form `ip:port` (OK / error), new form filters (count of killed clients). */
function kill({ server, client, args }: ServerCommandCall): void {
  if (args.length === 3) {
    const target = [...server.clients.values()].find((candidate) => candidate.address === args[2]);
    if (target === undefined) return client.writer.error('ERR No such client');
    closeClient(client, target);
    return client.writer.simple('OK');
  }
  if (args.length % 2 !== 0) return client.writer.error('ERR syntax error');
  const filters: ((candidate: Client) => boolean)[] = [];
  let skipMe = true;
  for (let index = 2; index < args.length; index += 2) {
    const value = args[index + 1]!;
    switch (args[index]!.toLowerCase()) {
      case 'id': {
        if (!/^\d+$/.test(value)) return client.writer.error('ERR client-id should be greater than 0');
        filters.push((candidate) => candidate.id === Number(value));
        break;
      }
      case 'addr':
        filters.push((candidate) => candidate.address === value);
        break;
      case 'laddr':
        filters.push((candidate) => candidate.localAddress === value);
        break;
      case 'user':
        filters.push(() => value === 'default');
        break;
      case 'type':
        filters.push((candidate) => (value.toLowerCase() === 'pubsub' ? candidate.subscribed : value.toLowerCase() === 'normal' && !candidate.subscribed));
        break;
      case 'skipme':
        if (!/^(yes|no)$/i.test(value)) return client.writer.error('ERR syntax error');
        skipMe = value.toLowerCase() === 'yes';
        break;
      default:
        return client.writer.error('ERR syntax error');
    }
  }
  let killed = 0;
  for (const candidate of [...server.clients.values()]) {
    if ((skipMe && candidate === client) || !filters.every((filter) => filter(candidate))) continue;
    closeClient(client, candidate);
    killed++;
  }
  client.writer.integer(killed);
}

/** The calling client closes after its reply; any other closes now. */
function closeClient(caller: Client, target: Client): void {
  if (target === caller) caller.closing = true;
  else target.close();
}

const client = subcommands('client', {
  id: { arity: 2, run: ({ client }) => client.writer.integer(client.id) },
  getname: { arity: 2, run: ({ client }) => (client.name === '' ? client.writer.nil() : client.writer.bulk(client.name)) },
  setname: {
    arity: 3,
    run: ({ client, args }) => {
      if (!validClientName(args[2]!)) return client.writer.error('ERR Client names cannot contain spaces, newlines or special characters.');
      client.name = args[2]!;
      client.writer.simple('OK');
    },
  },
  setinfo: { arity: 4, run: ({ client }) => client.writer.simple('OK') },
  info: { arity: 2, run: ({ server, client }) => client.writer.verbatim(`${describeClient(server, client)}\n`) },
  list: {
    arity: -2,
    run: ({ server, client, args }) => {
      let clients = [...server.clients.values()];
      if (args.length === 5 && args[2]!.toLowerCase() === 'type') {
        const type = args[3]!.toLowerCase();
        clients = clients.filter((candidate) => (type === 'pubsub' ? candidate.subscribed : !candidate.subscribed));
      } else if (args.length > 3 && args[2]!.toLowerCase() === 'id') {
        const ids = new Set(args.slice(3).map(Number));
        clients = clients.filter((candidate) => ids.has(candidate.id));
      } else if (args.length !== 2) return client.writer.error('ERR syntax error');
      client.writer.verbatim(clients.map((candidate) => `${describeClient(server, candidate)}\n`).join(''));
    },
  },
  kill: { arity: -3, run: kill },
  reply: {
    arity: 3,
    run: ({ client, args }) => {
      const mode = args[2]!.toLowerCase();
      if (mode !== 'on' && mode !== 'off' && mode !== 'skip') return client.writer.error('ERR syntax error');
      if (mode === 'on') client.writer.simple('OK');
      client.replyMode = mode;
    },
  },
  unblock: {
    arity: -3,
    run: ({ server, client, args }) => {
      const how = (args[3] ?? 'timeout').toLowerCase();
      if (args.length > 4 || (how !== 'timeout' && how !== 'error')) return client.writer.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      const target = server.clients.get(Number(args[2]));
      client.writer.integer(target !== undefined && server.blocking.unblock(target, how) ? 1 : 0);
    },
  },
  'no-evict': { arity: 3, run: ({ client }) => client.writer.simple('OK') },
});

/**
 * CLIENT ID/SETNAME/GETNAME/SETINFO/INFO/LIST/KILL/REPLY/UNBLOCK/NO-EVICT.
 *
 * @example
 * ```ts
 * SERVER_COMMANDS.get('client') === clientCommand; // true
 * ```
 */
export const clientCommand: ServerCommand = { name: 'client', arity: -2, flags: ['loading', 'stale'], group: 'connection', run: client };
