import type { ByteString } from '../keyspace/byteString.js';
import { defineCommand, keyRange, type CommandSpecification } from '../keyspace/commandTable.js';
import { commandTable } from '../keyspace/commands/index.js';
import type { Reply } from '../keyspace/Reply.js';
import type { ClusterConnection } from './clusterCommand.js';
import type { ClusterNode } from './ClusterNode.js';
import type { RoutedCommand } from './routeCommand.js';

/**
 * What the server does with a request in cluster mode: run it as usual, answer an error (inside
 * MULTI the transaction is then flagged, EXECABORT at EXEC, as Redis), hold the client until
 * `until` settles and check again, or send `reply` (a migration link's command, already applied).
 */
export type ClusterDecision =
  | { readonly kind: 'run' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'wait'; readonly until: Promise<void> }
  | { readonly kind: 'reply'; readonly reply: Reply };

const RUN: ClusterDecision = { kind: 'run' };

/**
 * The server's one call per request in cluster mode, after lookup, arity and AUTH checks and
 * before MULTI queueing (Redis's `processCommand` order). `queue` is the client's MULTI queue
 * (null outside MULTI): EXEC routes the whole queue at once (one slot for all its keys, a paused
 * slot holds EXEC); a command being queued is only checked for MOVED/CROSSSLOT. A connection that
 * sent `CLUSTER SYNCSLOTS ESTABLISH` is a migration link: its commands go to the import.
 * Throws ReplyError from a link command (the server answers it as an error).
 *
 * @example
 * ```ts
 * const decision = checkClusterRequest(node, connection, ['GET', 'k'], client.transaction?.queue ?? null);
 * if (decision.kind === 'error') return client.writer.error(decision.message);
 * ```
 */
export function checkClusterRequest(
  node: ClusterNode,
  connection: ClusterConnection,
  argv: readonly ByteString[],
  queue: readonly (readonly ByteString[])[] | null,
): ClusterDecision {
  const name = argv[0]!.toLowerCase();
  if (connection.link !== null && name !== 'cluster') return { kind: 'reply', reply: connection.link.execute(argv) };
  if (name === 'exec') return queue === null ? RUN : decide(node, queue.map(routed).filter(isRouted), false);
  const command = routed(argv);
  if (command === undefined) return RUN;
  return decide(node, [command], queue !== null);
}

function decide(node: ClusterNode, commands: RoutedCommand[], queueing: boolean): ClusterDecision {
  const route = node.route(commands);
  if (route.kind === 'local') return RUN;
  if (route.kind === 'error') return { kind: 'error', message: route.message };
  return queueing ? RUN : route;
}

/** Server commands outside the keyspace's table that name keys (Redis routes them too). */
const SERVER_KEYED: ReadonlyMap<string, CommandSpecification> = new Map([
  ['watch', defineCommand({ name: 'watch', arity: -2, flags: ['readonly'], keys: keyRange(1, -1, 1, 'read'), run: () => 'OK' })],
]);

function routed(argv: readonly ByteString[]): RoutedCommand | undefined {
  const name = argv[0]!.toLowerCase();
  const specification = commandTable.get(name) ?? SERVER_KEYED.get(name);
  return specification === undefined ? undefined : { specification, argv };
}

function isRouted(command: RoutedCommand | undefined): command is RoutedCommand {
  return command !== undefined;
}
