import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { customOption, hasMethods, integerOption, MAX_TIMER_MS, normalizeOptions, requiredOption, schedulerOption, type NormalizedOptions } from '../optionRules.js';
import type { LinkConnector } from './MigrationLink.js';

/** Options of a `ClusterNode`: its address, how it reaches peers, and how it migrates slots. */
export interface ClusterNodeOptions {
  readonly keyspace: Keyspace;
  /** Address clients are redirected to (CLUSTER SLOTS, MOVED); '' as Redis shows a node that met nobody. */
  readonly host: string;
  readonly port: number;
  /** 40 hex characters (default: random). */
  readonly id?: string;
  /** Opens migration links and topology pushes to peers (the server passes `RespLink.connector`). */
  readonly connect: LinkConnector;
  /** Timers (pause and stage timeouts, push retries) and background deletion (default rxjs asyncScheduler). */
  readonly scheduler?: SchedulerLike;
  /** Elements per command when a collection is sent in pieces (default 512). */
  readonly chunkSize?: number;
  /** The handoff starts once at most this many sent commands are unanswered (default 64). */
  readonly catchUpCommands?: number;
  /** The snapshot's cursor waits while more commands than this are unanswered (default 20000). */
  readonly maxUnanswered?: number;
  /** Longest time writes to the migrating slots stay paused waiting for the target's takeover (default 2000 ms). */
  readonly pauseTimeoutMs?: number;
  /** Longest wait for any other reply of the target (default 10000 ms). */
  readonly stageTimeoutMs?: number;
  /** Finished jobs kept for CLUSTER GETSLOTMIGRATIONS (default 32, Valkey's cluster-slot-migration-log-max-len). */
  readonly logLength?: number;
}

/** The defaults table of a `ClusterNode`. */
export const CLUSTER_NODE_OPTIONS = {
  keyspace: requiredOption<Keyspace>('a Keyspace', (value) => hasMethods(value, 'execute', 'session')),
  host: requiredOption<string>('a host name or address (a string)', (value) => typeof value === 'string'),
  port: requiredOption<number>('an integer from 0 to 65535', (value) => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 65535),
  id: customOption<string | undefined>(undefined, '40 lower-case hex characters', (value) => typeof value === 'string' && /^[0-9a-f]{40}$/.test(value)),
  connect: requiredOption<LinkConnector>('a function (peer) => Promise<MigrationLink>', (value) => typeof value === 'function'),
  scheduler: schedulerOption<SchedulerLike>(asyncScheduler),
  chunkSize: integerOption(512, 1),
  catchUpCommands: integerOption(64, 0),
  maxUnanswered: integerOption(20_000, 1),
  pauseTimeoutMs: integerOption(2000, 1, MAX_TIMER_MS),
  stageTimeoutMs: integerOption(10_000, 1, MAX_TIMER_MS),
  logLength: integerOption(32, 0),
} as const;

/** A `ClusterNode`'s options with every default filled in. */
export type NormalizedClusterNodeOptions = NormalizedOptions<typeof CLUSTER_NODE_OPTIONS>;

/**
 * Checks a `ClusterNode`'s options against {@link CLUSTER_NODE_OPTIONS}; throws
 * `FORKLESS_ERR_INVALID_OPTION` naming the option, the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeClusterNodeOptions({ keyspace, host: '127.0.0.1', port: 7000, connect }).pauseTimeoutMs; // 2000
 * ```
 */
export function normalizeClusterNodeOptions(options: ClusterNodeOptions): NormalizedClusterNodeOptions {
  return normalizeOptions('ClusterNode', CLUSTER_NODE_OPTIONS, options);
}
