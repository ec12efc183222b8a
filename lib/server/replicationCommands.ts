import { parseTimeout } from '../keyspace/commands/blockingTimeout.js';
import { parseBigInteger } from '../keyspace/parse.js';
import type { Client } from './Client.js';
import type { ServerCommand, ServerCommandCall } from './ServerCommand.js';
import { writeReply } from './writeReply.js';

/** Writes a reply line of the replication components (`+OK`, `-ERR …`). */
function writeLine(client: Client, line: string): void {
  if (line.startsWith('-')) client.writer.error(line.slice(1));
  else client.writer.simple(line.slice(1));
}

/** `REPLICAOF host port` / `REPLICAOF NO ONE` (and its old name SLAVEOF), with Redis's replies. */
function replicaOf({ server, client, args }: ServerCommandCall): void {
  const [host, portText] = [args[1]!, args[2]!];
  if (host.toLowerCase() === 'no' && portText.toLowerCase() === 'one') {
    server.config.set('replicaof', '', true);
    return writeLine(client, server.replication.replicaOf(null));
  }
  // Redis reads the port in 0..65535 ("Invalid master port" otherwise); port 0 has no master to follow.
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return client.writer.error('ERR Invalid master port');
  server.config.set('replicaof', `${host} ${port}`, true);
  writeLine(client, server.replication.replicaOf({ host, port }));
}

const replicaOfCommand = (name: string): ServerCommand => ({ name, arity: 3, flags: ['admin', 'stale'], group: 'server', run: replicaOf });

/** PSYNC and SYNC: the connection becomes a replica (SYNC is served as `PSYNC ? -1`, without its `+FULLRESYNC` line). */
const syncCommand = (name: string, arity: number): ServerCommand => ({
  name,
  arity,
  flags: ['admin'],
  group: 'server',
  run: ({ server, client, args }) => {
    if (client.transaction !== null) return client.writer.error('ERR Command not allowed inside a transaction');
    client.handshake.prePsync = name === 'sync';
    server.handOver(client, name === 'sync' ? ['?', '-1'] : args.slice(1));
  },
});

/**
 * WAIT numreplicas timeout: the number of replicas that acknowledged this client's last write, as
 * soon as `numreplicas` have or when the timeout (ms, 0: none) passes; at once inside MULTI.
 */
function wait({ server, client, args, inTransaction }: ServerCommandCall): void | Promise<void> {
  if (server.replication.replica !== null) {
    return client.writer.error(
      'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
    );
  }
  const wanted = Number(parseBigInteger(args[1]!));
  const timeoutMs = parseTimeout(args[2]!, 'milliseconds');
  const { leader } = server.replication;
  const offset = client.writeOffset;
  const acknowledged = leader.acknowledgedAt(offset);
  if (acknowledged >= wanted || inTransaction === true) return client.writer.integer(acknowledged);
  return new Promise<void>((resolve) => {
    const settle = (reply: () => void) => {
      subscription.unsubscribe();
      client.waiting = null;
      reply();
      client.scheduleFlush();
      resolve();
    };
    const subscription = leader.waitForReplicas(offset, wanted, timeoutMs).subscribe((count) => settle(() => client.writer.integer(count)));
    client.waiting = {
      // CLIENT UNBLOCK: the count so far, as Redis's timeout reply, or its UNBLOCKED error.
      end: (how) => settle(() => (how === 'error' ? client.writer.error('UNBLOCKED client unblocked via CLIENT UNBLOCK') : client.writer.integer(leader.acknowledgedAt(offset)))),
      cancel: () => subscription.unsubscribe(),
    };
  });
}

/**
 * The commands of Redis's replication protocol: REPLCONF and PSYNC/SYNC (a `redis-server
 * --replicaof` attaching), REPLICAOF/SLAVEOF (following a master, or NO ONE), ROLE, WAIT.
 *
 * @example
 * ```ts
 * replicationCommands.map((command) => command.name); // ['replconf', 'psync', 'sync', 'replicaof', 'slaveof', 'wait', 'role']
 * ```
 */
export const replicationCommands: ServerCommand[] = [
  {
    name: 'replconf',
    arity: -1,
    flags: ['admin', 'loading', 'stale'],
    group: 'server',
    run: ({ server, client, args }) => writeLine(client, server.replication.replconf(client.handshake, args.slice(1))),
  },
  syncCommand('psync', -3),
  syncCommand('sync', 1),
  replicaOfCommand('replicaof'),
  replicaOfCommand('slaveof'),
  { name: 'wait', arity: 3, flags: [], group: 'generic', run: wait },
  {
    name: 'role',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    group: 'server',
    run: ({ server, client }) => writeReply(client.writer, server.replication.role(), 'bulk'),
  },
];
