import type { ByteString } from '../keyspace/byteString.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import { MAX_TIMER_MS } from '../optionRules.js';
import type { Client } from '../server/Client.js';
import type { ServerCommand, ServerContext } from '../server/ServerCommand.js';
import type { RequestDecision } from '../server/RequestFilter.js';
import type { ServerExtension } from '../server/ServerExtension.js';
import { writeReply } from '../server/writeReply.js';
import { checkClusterRequest } from './checkClusterRequest.js';
import { clusterCommand, type ClusterConnection } from './clusterCommand.js';
import { ClusterNode } from './ClusterNode.js';
import { RespLink } from './RespLink.js';

/**
 * Cluster mode for the RESP server (`cluster-enabled yes`): one {@link ClusterNode} over the
 * server's keyspace and port, the `CLUSTER`, `ASKING`, `READONLY` and `READWRITE` commands, and
 * the routing check of every request ({@link checkClusterRequest}). Migration links, probes and
 * topology pushes to peers authenticate with the server's `masterauth` (Valkey's rule); the
 * migration's stage timeout is `repl-timeout` (Valkey's slot-migration timeout). Returns
 * undefined when the server's `cluster-enabled` is `no`.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 7000, config: { 'cluster-enabled': 'yes' }, extension: clusterServerExtension });
 * ```
 */
export function clusterServerExtension(server: ServerContext): (ServerExtension & { readonly node: ClusterNode }) | undefined {
  if (server.config.text('cluster-enabled') !== 'yes') return undefined;
  const host = server.config.text('bind').split(/\s+/)[0]!;
  // Links to peers authenticate with `masterauth`, as Valkey's slot-migration links do.
  const credentials = () => (server.config.text('masterauth') === '' ? null : { password: server.config.text('masterauth') });
  // A migration's stage timeout is `repl-timeout` (read at startup), as Valkey times out its slot-migration links.
  const stageTimeoutMs = server.config.milliseconds('repl-timeout', MAX_TIMER_MS);
  const node = new ClusterNode({ keyspace: server.keyspace, host, port: server.port, connect: RespLink.authenticating(credentials), stageTimeoutMs });
  const connections = new WeakMap<Client, ClusterConnection>();
  const connectionOf = (client: Client): ClusterConnection => {
    let connection = connections.get(client);
    if (connection === undefined) {
      // The connection's database follows the client's SELECT.
      connection = {
        link: null,
        readonly: false,
        get db() {
          return client.session.db;
        },
        set db(_value: number) {},
      };
      connections.set(client, connection);
    }
    return connection;
  };
  const command = (name: string, arity: number, run: (args: readonly ByteString[], connection: ClusterConnection) => void | ReturnType<typeof clusterCommand>): ServerCommand => ({
    name,
    arity,
    flags: ['loading', 'stale', 'fast'],
    group: 'cluster',
    run: ({ client, args }) => {
      const connection = connectionOf(client);
      const result = run(args, connection);
      if (connection.link !== null) client.limitInputShare(server.config.number('cluster-migration-import-percent') / 100);
      if (result === undefined) return client.writer.simple('OK');
      writeReply(client.writer, result.reply, result.shape);
    },
  });
  return {
    node,
    commands: [
      command('cluster', -2, (args, connection) => clusterCommand(node, args.slice(1), connection)),
      command('asking', 1, () => {}),
      command('readonly', 1, (_args, connection) => void (connection.readonly = true)),
      command('readwrite', 1, (_args, connection) => void (connection.readonly = false)),
    ],
    filter: (client, argv) => filter(() => checkClusterRequest(node, connectionOf(client), argv, client.transaction?.queue ?? null)),
    clientClosed: (client) => connections.get(client)?.link?.closed(),
    close: () => node.close(),
  };
}

/** A link command's ReplyError is answered as an error. */
function filter(check: () => RequestDecision): RequestDecision {
  try {
    return check();
  } catch (error) {
    if (error instanceof ReplyError) return { kind: 'error', message: error.message };
    throw error;
  }
}
