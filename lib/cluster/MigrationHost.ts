import type { SchedulerLike } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import type { ClusterTopology } from './ClusterTopology.js';
import type { LinkConnector } from './MigrationLink.js';
import type { MigrationJob } from './MigrationJob.js';
import type { NormalizedClusterNodeOptions } from './ClusterNodeOptions.js';
import type { SlotPauses } from './SlotPauses.js';

/** What a migration job needs from its node (the node implements it; jobs never import the node). */
export interface MigrationHost {
  readonly keyspace: Keyspace;
  readonly topology: ClusterTopology;
  readonly pauses: SlotPauses;
  /** Every job of this node, oldest first (CLUSTER GETSLOTMIGRATIONS). */
  readonly jobs: MigrationJob[];
  readonly connect: LinkConnector;
  /** Timers (pause and stage timeouts) and background work. */
  readonly scheduler: SchedulerLike;
  readonly options: NormalizedClusterNodeOptions;
  /** Sends this node's topology to every peer (best effort, asynchronous). */
  pushTopology(): void;
  /** Whether a slot is being imported by a job of this node. */
  importing(slot: number): boolean;
}
