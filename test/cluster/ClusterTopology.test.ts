import { describe, expect, it } from 'vitest';
import { ClusterTopology } from '../../lib/cluster/ClusterTopology.js';

function node(port: number, configEpoch = 0) {
  return { id: ClusterTopology.newNodeId(), host: '127.0.0.1', port, configEpoch };
}

describe('ClusterTopology', () => {
  it('lists a node’s slots as ascending contiguous ranges and counts assigned slots', () => {
    const topology = new ClusterTopology(node(7000));
    const { id } = topology.myself;
    topology.assign([5, 0, 1, 2, 16383, 7], id);
    expect(topology.rangesOf(id)).toEqual([
      [0, 2],
      [5, 5],
      [7, 7],
      [16383, 16383],
    ]);
    expect(topology.assignedCount()).toBe(6);
    topology.unassign([1]);
    expect(topology.rangesOf(id)).toEqual([
      [0, 0],
      [2, 2],
      [5, 5],
      [7, 7],
      [16383, 16383],
    ]);
    expect(topology.ownerOf(1)).toBeUndefined();
  });

  it('a claim takes whole ranges, edges included, with an epoch above every one seen', () => {
    const topology = new ClusterTopology(node(7000, 3));
    const peer = node(7001, 5);
    topology.meet(peer);
    topology.assign(
      Array.from({ length: 16384 }, (_, slot) => slot),
      topology.myself.id,
    );
    const epoch = topology.claim(
      [
        [10, 19],
        [100, 100],
      ],
      peer.id,
    );
    expect(epoch).toBe(6);
    expect(topology.nodes.get(peer.id)!.configEpoch).toBe(6);
    expect(topology.currentEpoch).toBe(6);
    expect(topology.rangesOf(peer.id)).toEqual([
      [10, 19],
      [100, 100],
    ]);
    expect(topology.ownerOf(9)!.id).toBe(topology.myself.id);
    expect(topology.ownerOf(20)!.id).toBe(topology.myself.id);
  });

  it('a pushed document moves a slot only to a higher config epoch, and reports whether anything changed', () => {
    const first = new ClusterTopology(node(7000));
    const second = new ClusterTopology(node(7001));
    first.assign([0, 1], first.myself.id);
    second.meet(first.myself);
    expect(second.merge(first.toDocument())).toBe(true);
    expect(second.ownerOf(0)!.port).toBe(7000);
    expect(second.merge(first.toDocument())).toBe(false);

    // The second node claims slot 0 (epoch 1): its document wins over the first's epoch 0 ...
    second.claim([[0, 0]], second.myself.id);
    expect(first.merge(second.toDocument())).toBe(true);
    expect(first.ownerOf(0)!.port).toBe(7001);
    expect(first.ownerOf(1)!.port).toBe(7000);
    // ... and a stale document from before the claim does not take it back.
    const stale = { currentEpoch: 0, nodes: [{ ...first.myself, configEpoch: 0, slots: [[0, 1]] as [number, number][] }] };
    expect(second.merge(stale)).toBe(false);
    expect(second.ownerOf(0)!.port).toBe(7001);
  });
});
