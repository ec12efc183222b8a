import { expect } from 'vitest';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { SLOT_COUNT } from '../../lib/keyspace/keyHashSlot.js';
import { dumpSlot } from './clusterHarness.js';

function usedSlots(keyspace: Keyspace, into: Set<number>): void {
  for (const database of keyspace.databases) for (let slot = database.nextSlot(0); slot < SLOT_COUNT; slot = database.nextSlot(slot + 1)) into.add(slot);
}

/**
 * The cluster converged on the model: every node has the same topology, every slot's keys live
 * on its owner only, byte for byte as the model (every acknowledged write), nothing hidden left.
 */
export function verifyCluster(nodes: readonly ClusterNode[], model: Keyspace): void {
  const view = (node: ClusterNode) =>
    JSON.stringify(
      node.topology
        .toDocument()
        .nodes.map(({ id, slots }) => [id, slots])
        .sort(),
    );
  for (const node of nodes) expect(view(node)).toBe(view(nodes[0]!));
  const slots = new Set<number>();
  usedSlots(model, slots);
  for (const node of nodes) usedSlots(node.keyspace, slots);
  for (const slot of slots) {
    const owner = nodes[0]!.topology.ownerOf(slot)!;
    for (const node of nodes) {
      const expected = node.id === owner.id ? dumpSlot(model, slot) : [];
      expect(dumpSlot(node.keyspace, slot), `slot ${slot} on node :${node.topology.myself.port} (owner :${owner.port})`).toEqual(expected);
      for (const database of node.keyspace.databases) expect(database.isHidden(slot)).toBe(false);
    }
  }
}
