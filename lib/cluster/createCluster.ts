import type { SlotRange } from '../iteration/SlotRanges.js';
import { SLOT_COUNT } from '../keyspace/keyHashSlot.js';
import { ReplyError } from '../keyspace/ReplyError.js';
import type { TopologyDocument } from './ClusterTopology.js';
import type { LinkConnector } from './MigrationLink.js';

/**
 * The slots of each of `count` primaries, as `redis-cli --cluster create` splits them (no
 * replicas): `16384 / count` per node, rounded, the last node taking the rest.
 *
 * @example
 * ```ts
 * evenSlotRanges(3); // [[0, 5460], [5461, 10922], [10923, 16383]]
 * ```
 */
export function evenSlotRanges(count: number): SlotRange[] {
  const per = SLOT_COUNT / count;
  const ranges: SlotRange[] = [];
  let first = 0;
  for (let index = 0; index < count; index++) {
    const last = index === count - 1 ? SLOT_COUNT - 1 : Math.round(per * (index + 1) - 1);
    ranges.push([first, last]);
    first = last + 1;
  }
  return ranges;
}

/**
 * Makes a cluster of fresh nodes (`forkless cluster create h:p …`): asks each node's id, gives
 * each its even share of the slots (`CLUSTER ADDSLOTSRANGE`), and pushes one topology document
 * with config epochs 1..N to every node (`CLUSTER SETTOPOLOGY`). Returns that document.
 * A node that already serves slots or knows other nodes is refused, as redis-cli refuses it.
 *
 * @example
 * ```ts
 * await createCluster([{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }], RespLink.connector);
 * ```
 */
export async function createCluster(addresses: readonly { host: string; port: number }[], connect: LinkConnector): Promise<TopologyDocument> {
  if (addresses.length === 0) throw new ReplyError('ERR no nodes given');
  const links = await Promise.all(addresses.map(({ host, port }) => connect({ id: '', host, port, configEpoch: 0 })));
  try {
    const ranges = evenSlotRanges(addresses.length);
    const nodes = [];
    for (const [index, link] of links.entries()) {
      const info = String(await link.request(['CLUSTER', 'INFO']));
      if (!/cluster_slots_assigned:0\r\n/.test(info) || !/cluster_known_nodes:1\r\n/.test(info)) {
        throw new ReplyError(`ERR Node ${addresses[index]!.host}:${addresses[index]!.port} is not empty. Either the node already knows other nodes or contains some slots.`);
      }
      const id = String(await link.request(['CLUSTER', 'MYID']));
      const [start, end] = ranges[index]!;
      await link.request(['CLUSTER', 'ADDSLOTSRANGE', String(start), String(end)]);
      nodes.push({ ...addresses[index]!, id, configEpoch: index + 1, slots: [[start, end] as const] });
    }
    const document: TopologyDocument = { currentEpoch: addresses.length, nodes };
    await Promise.all(links.map((link) => link.request(['CLUSTER', 'SETTOPOLOGY', JSON.stringify(document)])));
    return document;
  } finally {
    for (const link of links) link.close();
  }
}
