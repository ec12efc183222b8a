import type { Reply } from '../keyspace/Reply.js';
import { SLOT_COUNT } from '../keyspace/keyHashSlot.js';
import type { ClusterPeer, ClusterTopology } from './ClusterTopology.js';

/**
 * How a cluster reply travels over RESP (the server's reply shapes): `status` is `+…`, `bulk`
 * makes strings bulk strings, `array` an array whose strings are bulk.
 */
export type ClusterReplyShape = 'status' | 'bulk' | 'array';

/** A reply of a CLUSTER subcommand with the shape the server writes it in. */
export interface ClusterReply {
  readonly reply: Reply;
  readonly shape: ClusterReplyShape;
}

/** Every owned slot run in slot order, with its owner (ranges of consecutive slots of one node). */
function ownedRuns(topology: ClusterTopology): { start: number; end: number; owner: ClusterPeer }[] {
  const runs: { start: number; end: number; owner: ClusterPeer }[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const owner = topology.ownerOf(slot);
    if (owner === undefined) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.end === slot - 1 && last.owner.id === owner.id) last.end = slot;
    else runs.push({ start: slot, end: slot, owner });
  }
  return runs;
}

/**
 * `CLUSTER SLOTS` exactly as Redis 7.0: `[start, end, [host, port, id, []]]` per run of slots.
 *
 * @example
 * ```ts
 * clusterSlotsReply(topology).reply; // [[0, 5460, ['127.0.0.1', 7000, 'e7d1…', []]], …]
 * ```
 */
export function clusterSlotsReply(topology: ClusterTopology): ClusterReply {
  const reply = ownedRuns(topology).map(({ start, end, owner }) => [start, end, [owner.host, owner.port, owner.id, []]]);
  return { reply, shape: 'array' };
}

/**
 * `CLUSTER SHARDS` as Redis 7.0 (RESP2 form): one shard per primary, `slots` as flat start/end
 * pairs and one node description.
 *
 * @example
 * ```ts
 * clusterShardsReply(topology, () => 0).reply; // [['slots', [0, 5460], 'nodes', [['id', …, 'health', 'online']]], …]
 * ```
 */
export function clusterShardsReply(topology: ClusterTopology, offsetOf: (node: ClusterPeer) => number): ClusterReply {
  const reply = [...topology.nodes.values()].map((node) => {
    const slots = topology.rangesOf(node.id).flat();
    const description = ['id', node.id, 'port', node.port, 'ip', node.host, 'endpoint', node.host, 'role', 'master', 'replication-offset', offsetOf(node), 'health', 'online'];
    return ['slots', slots, 'nodes', [description]];
  });
  return { reply, shape: 'array' };
}

/**
 * `CLUSTER NODES` as Redis 7.0: `<id> <ip:port@cport> <flags> - <ping-sent> <pong-recv>
 * <config-epoch> connected <slots…>` per line.
 *
 * @example
 * ```ts
 * clusterNodesReply(topology, Date.now()).reply; // 'e7d1… 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460\n…'
 * ```
 */
export function clusterNodesReply(topology: ClusterTopology, now: number): ClusterReply {
  const lines = [...topology.nodes.values()].map((node) => {
    const myself = node.id === topology.myself.id;
    const slots = topology.rangesOf(node.id).map(([start, end]) => (start === end ? `${start}` : `${start}-${end}`));
    const fields = [
      node.id,
      `${node.host}:${node.port}@${node.port + 10000}`,
      myself ? 'myself,master' : 'master',
      '-',
      '0',
      myself ? '0' : String(now),
      String(node.configEpoch),
      'connected',
      ...slots,
    ];
    return fields.join(' ') + '\n';
  });
  return { reply: lines.join(''), shape: 'bulk' };
}

/**
 * `CLUSTER INFO` as Redis 7.0; `cluster_state:ok` when all 16384 slots have an owner.
 *
 * @example
 * ```ts
 * clusterInfoReply(topology).reply; // 'cluster_state:ok\r\ncluster_slots_assigned:16384\r\n…'
 * ```
 */
export function clusterInfoReply(topology: ClusterTopology): ClusterReply {
  const assigned = topology.assignedCount();
  const serving = [...topology.nodes.values()].filter((node) => topology.rangesOf(node.id).length > 0).length;
  const fields: [string, string | number][] = [
    ['cluster_state', assigned === SLOT_COUNT ? 'ok' : 'fail'],
    ['cluster_slots_assigned', assigned],
    ['cluster_slots_ok', assigned],
    ['cluster_slots_pfail', 0],
    ['cluster_slots_fail', 0],
    ['cluster_known_nodes', topology.nodes.size],
    ['cluster_size', serving],
    ['cluster_current_epoch', topology.currentEpoch],
    ['cluster_my_epoch', topology.myself.configEpoch],
    ['cluster_stats_messages_sent', 0],
    ['cluster_stats_messages_received', 0],
    ['total_cluster_links_buffer_limit_exceeded', 0],
  ];
  return { reply: fields.map(([name, value]) => `${name}:${value}\r\n`).join(''), shape: 'bulk' };
}
