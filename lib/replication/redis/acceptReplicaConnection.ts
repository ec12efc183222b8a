import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { newReplicaHandshake, type ReplicaHandshake } from './ReplicaHandshake.js';
import { RespStreamReader } from './RespStreamReader.js';

/** What the handshake is handed to: a {@link RedisLeader}. */
export interface ReplicaEndpoint {
  readonly options: { readonly password?: string };
  replconf(handshake: ReplicaHandshake, args: readonly string[]): string;
  psync(socket: Socket, handshake: ReplicaHandshake, args: readonly string[]): void;
}

/**
 * Serves the handshake of a Redis replica on a bare connection (no RESP server in front): `PING`,
 * `AUTH [user] <password>` when the leader has a password, `REPLCONF`, then hands the socket to
 * `leader.psync`. Other commands get an error reply; a protocol error closes the connection.
 *
 * @example
 * ```ts
 * net.createServer((socket) => acceptReplicaConnection(socket, leader)).listen(0, '127.0.0.1');
 * ```
 */
export function acceptReplicaConnection(socket: Socket, leader: ReplicaEndpoint): void {
  const reader = new RespStreamReader();
  const handshake = newReplicaHandshake(socket.remoteAddress ?? '?');
  const password = leader.options.password;
  let authenticated = password === undefined;
  socket.on('error', () => socket.destroy());
  const onData = (chunk: Buffer) => {
    reader.push(chunk);
    try {
      for (let item = reader.next(); item !== undefined; item = reader.next()) {
        if (item.kind !== 'command') continue;
        const [name = '', ...args] = item.argv.map((argument) => argument.toString('latin1'));
        const command = name.toLowerCase();
        if (command === 'psync' && authenticated) {
          socket.off('data', onData);
          leader.psync(socket, handshake, args);
          return;
        }
        socket.write(`${reply(command, args)}\r\n`);
      }
    } catch {
      socket.destroy();
    }
  };
  const reply = (command: string, args: string[]): string => {
    if (command === 'auth') {
      if (password === undefined) return '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
      authenticated = sameText(args[args.length - 1] ?? '', password);
      return authenticated ? '+OK' : '-WRONGPASS invalid username-password pair or user is disabled.';
    }
    if (!authenticated) return '-NOAUTH Authentication required.';
    if (command === 'ping') return '+PONG';
    if (command === 'replconf') return leader.replconf(handshake, args);
    return `-ERR unknown command '${command}': this port serves Redis replicas only`;
  };
  socket.on('data', onData);
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
