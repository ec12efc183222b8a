import type { ByteString } from '../keyspace/byteString.js';
import { keyHashSlot } from '../keyspace/keyHashSlot.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { ClusterNode } from './ClusterNode.js';
import { clusterInfoReply, clusterNodesReply, clusterShardsReply, clusterSlotsReply, type ClusterReply } from './clusterReplies.js';
import type { TopologyDocument } from './ClusterTopology.js';
import { parseSlot, parseSlotRanges } from './parseSlotRanges.js';
import { helpLines } from '../server/subcommands.js';
import type { SlotImport } from './SlotImport.js';

/** Per-connection cluster state the server keeps for each client. */
export interface ClusterConnection {
  /** The selected database (COUNTKEYSINSLOT and GETKEYSINSLOT look there). */
  db: number;
  /** Set by `CLUSTER SYNCSLOTS ESTABLISH`: the connection is a migration link; its commands go to this endpoint. */
  link: SlotImport | null;
  /** READONLY / READWRITE (no effect on a primary, as in Redis). */
  readonly: boolean;
}

const ok = (): ClusterReply => ({ reply: 'OK', shape: 'status' });
const int = (value: number): ClusterReply => ({ reply: value, shape: 'bulk' });

/**
 * Runs `CLUSTER <subcommand> …` (args without `CLUSTER`) with Redis 7.0's replies and errors, plus
 * Valkey 9.0's MIGRATESLOTS / GETSLOTMIGRATIONS / CANCELSLOTMIGRATIONS and forkless's SETTOPOLOGY
 * (merge a pushed topology document, reply with the merged one). Throws {@link ReplyError}.
 *
 * @example
 * ```ts
 * clusterCommand(node, ['KEYSLOT', 'hello'], connection).reply; // 866
 * ```
 */
export function clusterCommand(node: ClusterNode, args: readonly ByteString[], connection: ClusterConnection): ClusterReply {
  const sub = (args[0] ?? '').toLowerCase();
  const arity = (count: number, atLeast = false) => {
    if (atLeast ? args.length < count : args.length !== count) throw new ReplyError(`ERR wrong number of arguments for 'cluster|${sub}' command`);
  };
  const { topology } = node;
  switch (sub) {
    case 'myid':
      return (arity(1), { reply: node.id, shape: 'bulk' });
    case 'info':
      return (arity(1), clusterInfoReply(topology));
    case 'slots':
      return (arity(1), clusterSlotsReply(topology));
    case 'shards':
      return (arity(1), clusterShardsReply(topology, (peer) => (peer.id === node.id ? node.keyspace.offset : 0)));
    case 'nodes':
      return (arity(1), clusterNodesReply(topology, node.keyspace.clock()));
    case 'keyslot':
      return (arity(2), int(keyHashSlot(args[1]!)));
    case 'countkeysinslot': {
      arity(2);
      const slot = slotOr(args[1]!, 'ERR Invalid slot');
      const database = node.keyspace.databases[connection.db]!;
      return int(database.isHidden(slot) ? 0 : database.countInSlot(slot));
    }
    case 'getkeysinslot': {
      arity(3);
      const slot = slotOr(args[1]!, 'ERR Invalid slot or number of keys');
      const count = /^\d+$/.test(args[2]!) ? Number(args[2]) : -1;
      if (count < 0) throw new ReplyError('ERR Invalid slot or number of keys');
      const database = node.keyspace.databases[connection.db]!;
      const keys = database.isHidden(slot) ? [] : [...(database.slot(slot)?.keys() ?? [])].slice(0, count);
      return { reply: keys, shape: 'array' };
    }
    case 'addslots':
    case 'delslots':
      arity(2, true);
      return changeSlots(
        node,
        sub === 'addslots',
        args.slice(1).map((text) => parseSlot(text)),
      );
    case 'addslotsrange':
    case 'delslotsrange': {
      arity(3, true);
      const slots = slotsOf(parseSlotRanges(args.slice(1)));
      return changeSlots(node, sub === 'addslotsrange', slots);
    }
    case 'meet':
      arity(3, true);
      return meet(node, args[1]!, args[2]!);
    case 'settopology':
      arity(2);
      return { reply: JSON.stringify(node.mergeTopology(parseDocument(args[1]!))), shape: 'bulk' };
    case 'migrateslots':
      arity(5, true);
      return migrateSlots(node, args.slice(1));
    case 'getslotmigrations':
      return (arity(1), { reply: node.jobs.map((job) => job.report()), shape: 'array' });
    case 'cancelslotmigrations':
      arity(1);
      if (node.cancelMigrations() === 0) throw new ReplyError('ERR No migrations ongoing');
      return ok();
    case 'syncslots':
      arity(2, true);
      connection.link ??= node.acceptLink();
      return { reply: connection.link.execute(['CLUSTER', ...args]), shape: 'status' };
    case 'replicas':
    case 'slaves':
      // No replicas in a forkless cluster: a known node has none.
      return (arity(2), knownNode(node, args[1]!), { reply: [], shape: 'array' });
    case 'count-failure-reports':
      // No gossip, so no failure reports.
      return (arity(2), knownNode(node, args[1]!), int(0));
    case 'links':
      // No cluster bus: peers are reached by a link per migration or push, not kept open.
      return (arity(1), { reply: [], shape: 'array' });
    case 'flushslots':
      arity(1);
      if (node.keyspace.databases[0]!.size !== 0) throw new ReplyError('ERR DB must be empty to perform CLUSTER FLUSHSLOTS.');
      node.topology.unassign(slotsOf(node.topology.rangesOf(node.id)));
      return ok();
    case 'help':
      return (arity(1), { reply: helpLines('cluster', CLUSTER_HELP), shape: 'status' });
    default:
      if (UNSUPPORTED.has(sub)) throw new ReplyError(`ERR CLUSTER ${sub.toUpperCase()} is not supported: ${UNSUPPORTED.get(sub)}`);
      throw new ReplyError(`ERR unknown subcommand '${args[0] ?? ''}'. Try CLUSTER HELP.`);
  }
}

/** Redis Cluster subcommands of the gossip bus, replicas or slot states, which a forkless cluster does without. */
const UNSUPPORTED = new Map([
  ['setslot', 'slots move with CLUSTER MIGRATESLOTS, atomically, without IMPORTING/MIGRATING states'],
  ...['forget', 'reset', 'replicate', 'failover', 'bumpepoch', 'set-config-epoch', 'saveconfig'].map(
    (name) => [name, 'a forkless cluster has no gossip bus, replicas or nodes.conf'] as const,
  ),
]);

/** CLUSTER HELP: Redis 7.0's lines for the subcommands Redis has, Valkey 9.0's migration ones, forkless's SETTOPOLOGY. */
const CLUSTER_HELP = [
  'ADDSLOTS <slot> [<slot> ...]',
  '    Assign slots to current node.',
  'ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]',
  '    Assign slots which are between <start-slot> and <end-slot> to current node.',
  'CANCELSLOTMIGRATIONS',
  '    Cancel the slot migrations this node is exporting.',
  'COUNT-FAILURE-REPORTS <node-id>',
  '    Return number of failure reports for <node-id> (always 0: no gossip).',
  'COUNTKEYSINSLOT <slot>',
  '    Return the number of keys in <slot>.',
  'DELSLOTS <slot> [<slot> ...]',
  '    Delete slots information from current node.',
  'DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]',
  '    Delete slots information which are between <start-slot> and <end-slot> from current node.',
  'FLUSHSLOTS',
  '    Delete current node own slots information.',
  'GETKEYSINSLOT <slot> <count>',
  '    Return key names stored by current node in a slot.',
  'GETSLOTMIGRATIONS',
  '    Return the slot migrations this node took part in, with their states.',
  'INFO',
  '    Return information about the cluster.',
  'KEYSLOT <key>',
  '    Return the hash slot for <key>.',
  'LINKS',
  '    Return information about all network links between this node and its peers (none: no cluster bus).',
  'MEET <ip> <port>',
  '    Exchange topology documents with the node at <ip> <port>.',
  'MIGRATESLOTS SLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...] NODE <node-id> [SLOTSRANGE ... NODE ...]',
  '    Move the slots to <node-id> while they keep serving (forkless slot migration).',
  'MYID',
  '    Return the node id.',
  'NODES',
  '    Return cluster configuration seen by node. Output format:',
  '    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...',
  'REPLICAS <node-id>',
  '    Return <node-id> replicas.',
  'SETTOPOLOGY <json>',
  '    Merge a pushed topology document (a higher config epoch wins a slot); reply with the merged one.',
  'SHARDS',
  '    Return information about slot range mappings and the nodes associated with them.',
  'SLOTS',
  '    Return information about slots range mappings. Each range is made of:',
  '    start, end, master and replicas IP addresses, ports and ids',
];

/** Every slot of inclusive ranges. */
function slotsOf(ranges: readonly (readonly [number, number])[]): number[] {
  return ranges.flatMap(([start, end]) => Array.from({ length: end - start + 1 }, (_, index) => start + index));
}

/** Throws Redis's error for a node id this node does not know. */
function knownNode(node: ClusterNode, id: ByteString): void {
  if (!node.topology.nodes.has(id)) throw new ReplyError(`ERR Unknown node ${id}`);
}

function slotOr(text: ByteString, message: string): number {
  const slot = /^\d+$/.test(text) ? Number(text) : -1;
  if (slot < 0 || slot > 16383) throw new ReplyError(message);
  return slot;
}

/** ADDSLOTS / DELSLOTS: all or nothing, with Redis's errors. */
function changeSlots(node: ClusterNode, add: boolean, slots: number[]): ClusterReply {
  const seen = new Set<number>();
  for (const slot of slots) {
    if (seen.has(slot)) throw new ReplyError(`ERR Slot ${slot} specified multiple times`);
    seen.add(slot);
    const owner = node.topology.ownerOf(slot);
    if (add && owner !== undefined) throw new ReplyError(`ERR Slot ${slot} is already busy`);
    if (!add && owner === undefined) throw new ReplyError(`ERR Slot ${slot} is already unassigned`);
  }
  if (add) node.topology.assign(slots, node.id);
  else node.topology.unassign(slots);
  return ok();
}

/** `CLUSTER MEET host port`: exchanges topology documents with the peer (asynchronously, as Redis). */
function meet(node: ClusterNode, host: ByteString, portText: ByteString): ClusterReply {
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port > 0 && port < 65536)) throw new ReplyError(`ERR Invalid base port specified: ${portText}`);
  const json = JSON.stringify(node.topology.toDocument());
  node
    .connect({ id: '', host, port, configEpoch: 0 })
    .then((link) => link.request(['CLUSTER', 'SETTOPOLOGY', json]).finally(() => link.close()))
    .then((reply) => node.mergeTopology(parseDocument(String(reply))))
    .catch(() => {});
  return ok();
}

/** `MIGRATESLOTS SLOTSRANGE a b [a b …] NODE id [SLOTSRANGE … NODE id …]`: all jobs start or none. */
function migrateSlots(node: ClusterNode, args: readonly ByteString[]): ClusterReply {
  const requests: { ranges: [number, number][]; target: string }[] = [];
  for (let index = 0; index < args.length;) {
    if (args[index]!.toUpperCase() !== 'SLOTSRANGE') throw new ReplyError('ERR syntax error');
    const nodeAt = args.findIndex((argument, at) => at > index && argument.toUpperCase() === 'NODE');
    if (nodeAt === -1 || nodeAt + 1 >= args.length) throw new ReplyError('ERR syntax error');
    requests.push({ ranges: parseSlotRanges(args.slice(index + 1, nodeAt)) as [number, number][], target: args[nodeAt + 1]! });
    index = nodeAt + 2;
  }
  const all = requests.flatMap(({ ranges }) => ranges);
  parseSlotRanges(all.flatMap(([start, end]) => [String(start), String(end)])); // no overlap across jobs
  for (const { ranges, target } of requests) node.startExport(ranges, target);
  return ok();
}

function parseDocument(json: ByteString): TopologyDocument {
  try {
    const document = JSON.parse(json) as TopologyDocument;
    if (!Array.isArray(document.nodes) || typeof document.currentEpoch !== 'number') throw new Error('shape');
    return document;
  } catch {
    throw new ReplyError('ERR invalid topology document');
  }
}
