import { randomBytes } from 'node:crypto';
import { SLOT_COUNT } from '../keyspace/keyHashSlot.js';
import type { SlotRange } from '../iteration/SlotRanges.js';

/** One node of the cluster as every node knows it. */
export interface ClusterPeer {
  /** 40 lower-case hex characters. */
  readonly id: string;
  host: string;
  port: number;
  /** The config epoch of this node's slot claims: a claim with a higher epoch wins. */
  configEpoch: number;
}

/** The whole topology as pushed between nodes (`CLUSTER SETTOPOLOGY <json>`). */
export interface TopologyDocument {
  readonly currentEpoch: number;
  readonly nodes: readonly { readonly id: string; readonly host: string; readonly port: number; readonly configEpoch: number; readonly slots: readonly SlotRange[] }[];
}

/**
 * The cluster as one node sees it: the known nodes, the owner of each of the 16384 slots and a
 * config epoch per owner. No gossip: the operator declares slots (ADDSLOTS, DELSLOTS), nodes learn
 * each other by pushed documents ({@link merge}), and a pushed claim replaces the current owner of
 * a slot only with a higher config epoch, as Redis Cluster resolves slot claims.
 *
 * @example
 * ```ts
 * const topology = new ClusterTopology({ id: ClusterTopology.newNodeId(), host: '127.0.0.1', port: 7000, configEpoch: 0 });
 * topology.assign([0, 1, 2], topology.myself.id);
 * topology.ownerOf(1)?.port; // 7000
 * ```
 */
export class ClusterTopology {
  readonly nodes = new Map<string, ClusterPeer>();
  private readonly owners: (string | null)[] = new Array<string | null>(SLOT_COUNT).fill(null);
  /** The highest config epoch seen in the cluster. */
  currentEpoch = 0;

  constructor(readonly myself: ClusterPeer) {
    this.nodes.set(myself.id, myself);
  }

  /** A fresh random node id (40 hex characters), as Redis makes them. */
  static newNodeId(): string {
    return randomBytes(20).toString('hex');
  }

  /** The owner of a slot, or undefined when no node serves it. */
  ownerOf(slot: number): ClusterPeer | undefined {
    const id = this.owners[slot];
    return id === null || id === undefined ? undefined : this.nodes.get(id);
  }

  /** Number of slots that have an owner. */
  assignedCount(): number {
    return this.owners.reduce((count, owner) => (owner === null ? count : count + 1), 0);
  }

  /** The slots a node owns, as contiguous inclusive ranges in ascending order. */
  rangesOf(id: string): SlotRange[] {
    const ranges: [number, number][] = [];
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      if (this.owners[slot] !== id) continue;
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last[1] === slot - 1) last[1] = slot;
      else ranges.push([slot, slot]);
    }
    return ranges;
  }

  /** Adds or updates a peer (`CLUSTER MEET`, a pushed document). */
  meet(peer: ClusterPeer): void {
    const known = this.nodes.get(peer.id);
    this.currentEpoch = Math.max(this.currentEpoch, peer.configEpoch);
    if (known === undefined) {
      this.nodes.set(peer.id, { ...peer });
    } else {
      // Records are updated in place: jobs hold them. Nobody else tells this node its own address.
      if (known !== this.myself) Object.assign(known, { host: peer.host, port: peer.port });
      known.configEpoch = Math.max(known.configEpoch, peer.configEpoch);
    }
  }

  /** Gives slots to a known node (operator declaration: no epoch check). */
  assign(slots: Iterable<number>, id: string): void {
    for (const slot of slots) this.owners[slot] = id;
  }

  /** Makes slots unowned. */
  unassign(slots: Iterable<number>): void {
    for (const slot of slots) this.owners[slot] = null;
  }

  /**
   * A node takes slots with a new config epoch higher than any seen (a finished migration): the
   * claim beats every earlier one when documents meet. Returns the new epoch.
   */
  claim(ranges: readonly SlotRange[], id: string, epoch = this.currentEpoch + 1): number {
    const node = this.nodes.get(id)!;
    node.configEpoch = epoch;
    this.currentEpoch = Math.max(this.currentEpoch, epoch);
    for (const [start, end] of ranges) this.owners.fill(id, start, end + 1);
    return epoch;
  }

  /** The topology as a document to push to peers. */
  toDocument(): TopologyDocument {
    const nodes = [...this.nodes.values()].map(({ id, host, port, configEpoch }) => ({ id, host, port, configEpoch, slots: this.rangesOf(id) }));
    return { currentEpoch: this.currentEpoch, nodes };
  }

  /**
   * Merges a pushed document: unknown nodes are added, epochs only grow, and a slot changes owner
   * when it was unowned or the claimant's config epoch is higher than the current owner's.
   * Returns whether anything changed.
   */
  merge(document: TopologyDocument): boolean {
    const before = JSON.stringify(this.toDocument());
    for (const { id, host, port, configEpoch } of document.nodes) this.meet({ id, host, port, configEpoch });
    for (const node of document.nodes) {
      for (const [start, end] of node.slots) {
        for (let slot = start; slot <= end; slot++) {
          const owner = this.ownerOf(slot);
          if (owner === undefined || owner.id === node.id || node.configEpoch > owner.configEpoch) this.owners[slot] = node.id;
        }
      }
    }
    this.currentEpoch = Math.max(this.currentEpoch, document.currentEpoch);
    return JSON.stringify(this.toDocument()) !== before;
  }
}
