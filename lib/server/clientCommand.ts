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
        // One user, as without ACLs: every client is "default".
        if (value !== 'default') return client.writer.error(`ERR No such user '${value}'`);
        break;
      case 'type': {
        const filter = clientTypeFilter(client, value);
        if (filter === undefined) return;
        filters.push(filter);
        break;
      }
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

/** The client types of CLIENT LIST/KILL TYPE (Redis's names); master and replica links are not clients here. */
const CLIENT_TYPES: Readonly<Record<string, (candidate: Client) => boolean>> = {
  normal: (candidate) => !candidate.subscribed,
  pubsub: (candidate) => candidate.subscribed,
  master: () => false,
  replica: () => false,
  slave: () => false,
};

/** The filter of a client type, or an error reply naming it, as Redis's `getClientTypeByName`. */
function clientTypeFilter(client: Client, name: string): ((candidate: Client) => boolean) | undefined {
  const filter = Object.hasOwn(CLIENT_TYPES, name.toLowerCase()) ? CLIENT_TYPES[name.toLowerCase()] : undefined;
  if (filter === undefined) client.writer.error(`ERR Unknown client type '${name}'`);
  return filter;
}

function list({ server, client, args }: ServerCommandCall): void {
  let clients = [...server.clients.values()];
  if (args.length === 4 && args[2]!.toLowerCase() === 'type') {
    const filter = clientTypeFilter(client, args[3]!);
    if (filter === undefined) return;
    clients = clients.filter(filter);
  } else if (args.length > 3 && args[2]!.toLowerCase() === 'id') {
    const ids = args.slice(3).map((text) => (/^-?\d{1,15}$/.test(text) ? Number(text) : NaN));
    if (ids.some(Number.isNaN)) return client.writer.error('ERR Invalid client ID');
    clients = clients.filter((candidate) => ids.includes(candidate.id));
  } else if (args.length !== 2) return client.writer.error('ERR syntax error');
  client.writer.verbatim(clients.map((candidate) => `${describeClient(server, candidate)}\n`).join(''));
}

function unblock({ server, client, args }: ServerCommandCall): void {
  if (args.length > 4) return client.writer.error(`ERR unknown subcommand or wrong number of arguments for '${args[1]}'. Try CLIENT HELP.`);
  const how = (args[3] ?? 'timeout').toLowerCase();
  if (how !== 'timeout' && how !== 'error') return client.writer.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  if (!/^-?\d{1,18}$/.test(args[2]!)) return client.writer.error('ERR value is not an integer or out of range');
  const target = server.clients.get(Number(args[2]));
  if (target?.waiting != null) {
    target.waiting.end(how);
    return client.writer.integer(1);
  }
  client.writer.integer(target !== undefined && server.blocking.unblock(target, how) ? 1 : 0);
}

const client = subcommands('client', {
  getname: {
    arity: 2,
    run: ({ client }) => (client.name === '' ? client.writer.nil() : client.writer.bulk(client.name)),
    help: ['GETNAME', '    Return the name of the current connection.'],
  },
  id: { arity: 2, run: ({ client }) => client.writer.integer(client.id), help: ['ID', '    Return the ID of the current connection.'] },
  info: {
    arity: 2,
    run: ({ server, client }) => client.writer.verbatim(`${describeClient(server, client)}\n`),
    help: ['INFO', '    Return information about the current client connection.'],
  },
  kill: {
    arity: -3,
    run: kill,
    help: [
      'KILL <ip:port>',
      '    Kill connection made from <ip:port>.',
      'KILL <option> <value> [<option> <value> [...]]',
      '    Kill connections. Options are:',
      '    * ADDR (<ip:port>|<unixsocket>:0)',
      '      Kill connections made from the specified address',
      '    * LADDR (<ip:port>|<unixsocket>:0)',
      '      Kill connections made to specified local address',
      '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
      '      Kill connections by type.',
      '    * USER <username>',
      '      Kill connections authenticated by <username>.',
      '    * SKIPME (YES|NO)',
      '      Skip killing current connection (default: yes).',
    ],
  },
  list: {
    arity: -2,
    run: list,
    help: [
      'LIST [options ...]',
      '    Return information about client connections. Options:',
      '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
      '      Return clients of specified type.',
    ],
  },
  reply: {
    arity: 3,
    run: ({ client, args }) => {
      const mode = args[2]!.toLowerCase();
      if (mode !== 'on' && mode !== 'off' && mode !== 'skip') return client.writer.error('ERR syntax error');
      if (mode === 'on') client.writer.simple('OK');
      client.replyMode = mode;
    },
    help: ['REPLY (ON|OFF|SKIP)', '    Control the replies sent to the current connection.'],
  },
  setname: {
    arity: 3,
    run: ({ client, args }) => {
      if (!validClientName(args[2]!)) return client.writer.error('ERR Client names cannot contain spaces, newlines or special characters.');
      client.name = args[2]!;
      client.writer.simple('OK');
    },
    help: ['SETNAME <name>', '    Assign the name <name> to the current connection.'],
  },
  setinfo: {
    arity: 4,
    run: ({ client }) => client.writer.simple('OK'),
    help: ['SETINFO <option> <value>', '    Set client meta attr (LIB-NAME, LIB-VER: accepted, as Redis 7.2 takes them).'],
  },
  unblock: { arity: -3, run: unblock, help: ['UNBLOCK <clientid> [TIMEOUT|ERROR]', '    Unblock the specified blocked client.'] },
  'no-evict': {
    arity: 3,
    run: ({ client, args }) => (/^(on|off)$/i.test(args[2]!) ? client.writer.simple('OK') : client.writer.error('ERR syntax error')),
    help: ['NO-EVICT (ON|OFF)', '    Protect current client connection from eviction.'],
  },
});

/**
 * CLIENT ID/SETNAME/GETNAME/SETINFO/INFO/LIST/KILL/REPLY/UNBLOCK/NO-EVICT/HELP.
 *
 * @example
 * ```ts
 * SERVER_COMMANDS.get('client') === clientCommand; // true
 * ```
 */
export const clientCommand: ServerCommand = { name: 'client', arity: -2, flags: ['loading', 'stale'], group: 'connection', ...client };
