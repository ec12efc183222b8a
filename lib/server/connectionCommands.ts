import type { Client } from './Client.js';
import type { ServerCommand, ServerContext } from './ServerCommand.js';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
const NOPASS = 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';

/** Checks credentials of the default user; the error text, or undefined when accepted. */
function authenticate(server: ServerContext, client: Client, user: string | undefined, password: string): string | undefined {
  const required = server.config.text('requirepass');
  if (required === '' && user === undefined) return NOPASS;
  const accepted = (user === undefined || user === 'default') && (required === '' || password === required);
  if (!accepted) return WRONGPASS;
  client.authenticated = true;
  return undefined;
}

/** HELLO's reply: the server's identity as a map. */
function writeHello(server: ServerContext, client: Client): void {
  const writer = client.writer;
  writer.mapHeader(7);
  writer.bulk('server');
  writer.bulk('redis');
  writer.bulk('version');
  writer.bulk('7.0.15');
  writer.bulk('proto');
  writer.integer(writer.protocol);
  writer.bulk('id');
  writer.integer(client.id);
  writer.bulk('mode');
  writer.bulk('standalone');
  writer.bulk('role');
  writer.bulk(server.keyspace.replica ? 'replica' : 'master');
  writer.bulk('modules');
  writer.arrayHeader(0);
}

/**
 * A client name must be printable ASCII without spaces.
 *
 * @example
 * ```ts
 * validClientName('worker-1'); // true; validClientName('a b') is false
 * ```
 */
export function validClientName(name: string): boolean {
  return /^[\x21-\x7e]*$/.test(name);
}

function hello({ server, client, args }: Parameters<ServerCommand['run']>[0]): void {
  const writer = client.writer;
  let protocol = writer.protocol;
  if (args.length > 1) {
    const version = /^-?\d+$/.test(args[1]!) ? Number(args[1]) : NaN;
    if (Number.isNaN(version)) return writer.error('ERR Protocol version is not an integer or out of range');
    if (version !== 2 && version !== 3) return writer.error('NOPROTO unsupported protocol version');
    protocol = version;
  }
  let credentials: [string, string] | undefined;
  let name: string | undefined;
  for (let index = 2; index < args.length; index++) {
    const option = args[index]!.toLowerCase();
    if (option === 'auth' && index + 2 < args.length) {
      credentials = [args[index + 1]!, args[index + 2]!];
      index += 2;
    } else if (option === 'setname' && index + 1 < args.length) {
      name = args[++index]!;
    } else {
      return writer.error(`ERR Syntax error in HELLO option '${args[index]}'`);
    }
  }
  if (credentials !== undefined) {
    const error = authenticate(server, client, credentials[0], credentials[1]);
    if (error !== undefined) return writer.error(error);
  }
  if (!client.authenticated) {
    return writer.error(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
  }
  if (name !== undefined) {
    if (!validClientName(name)) return writer.error('ERR Client names cannot contain spaces, newlines or special characters.');
    client.name = name;
  }
  writer.protocol = protocol;
  writeHello(server, client);
}

/**
 * Connection commands: AUTH, HELLO, PING, QUIT, RESET, TIME.
 *
 * @example
 * ```ts
 * connectionCommands.map((command) => command.name); // ['auth', 'hello', 'ping', 'quit', 'reset', 'time']
 * ```
 */
export const connectionCommands: ServerCommand[] = [
  {
    name: 'auth',
    arity: -2,
    flags: ['noauth', 'control', 'fast', 'loading', 'stale'],
    group: 'connection',
    run: ({ server, client, args }) => {
      if (args.length > 3) return client.writer.error('ERR syntax error');
      const error = args.length === 3 ? authenticate(server, client, args[1], args[2]!) : authenticate(server, client, undefined, args[1]!);
      if (error !== undefined) client.writer.error(error);
      else client.writer.simple('OK');
    },
  },
  { name: 'hello', arity: -1, flags: ['noauth', 'fast', 'loading', 'stale'], group: 'connection', run: hello },
  {
    name: 'ping',
    arity: -1,
    flags: ['fast', 'pubsub'],
    group: 'connection',
    run: ({ client, args }) => {
      if (args.length > 2) return client.writer.error("ERR wrong number of arguments for 'ping' command");
      if (client.subscribed && client.writer.protocol === 2) {
        client.writer.arrayHeader(2);
        client.writer.bulk('pong');
        client.writer.bulk(args[1] ?? '');
      } else if (args.length === 2) client.writer.bulk(args[1]!);
      else client.writer.simple('PONG');
    },
  },
  {
    name: 'quit',
    arity: -1,
    flags: ['noauth', 'control', 'pubsub', 'fast'],
    group: 'connection',
    run: ({ client }) => {
      client.writer.simple('OK');
      client.closing = true;
    },
  },
  {
    name: 'reset',
    arity: 1,
    flags: ['noauth', 'control', 'pubsub', 'fast'],
    group: 'connection',
    run: ({ server, client }) => {
      client.transaction = null;
      server.watches.unwatch(client);
      server.pubsub.removeClient(client);
      client.session.db = 0;
      client.writer.protocol = 2;
      client.name = '';
      client.replyMode = 'on';
      client.authenticated = server.config.text('requirepass') === '';
      client.writer.simple('RESET');
    },
  },
  {
    name: 'time',
    arity: 1,
    flags: ['fast', 'loading', 'stale'],
    group: 'server',
    run: ({ server, client }) => {
      const micros = Math.floor(server.now() * 1000);
      client.writer.arrayHeader(2);
      client.writer.bulk(String(Math.floor(micros / 1e6)));
      client.writer.bulk(String(micros % 1e6));
    },
  },
];
