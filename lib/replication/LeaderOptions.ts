import { BG_ITERATION_OPTIONS, type BgIterationOptions } from '../iteration/BgIterationOptions.js';
import { Keyspace } from '../keyspace/Keyspace.js';
import { customOption, integerOption, invalidOption, MAX_TIMER_MS, normalizeOptions, requiredOption, type NormalizedOptions } from '../optionRules.js';

/** Flow-control limits of one follower connection, in bytes buffered for the peer. */
export interface SocketSenderLimits {
  /** Above this the socket counts as congested (default 1 MiB). */
  highWaterMark?: number;
  /** Congestion ends once the buffer drained below this (default 256 KiB, at most `highWaterMark`). */
  lowWaterMark?: number;
  /**
   * Above this the peer is not keeping up and is disconnected with 4429 (default 64 MiB). Only the
   * full-sync cursor's own entries still buffered do not count (the cursor pauses by itself);
   * everything live writes cause does.
   */
  outputLimit?: number;
}

/** Limits of one frame the leader sends. */
export interface FrameLimits {
  /** Items per frame at most (default 1000). */
  maxItems?: number;
  /** Approximate bytes per frame at most (default 256 KiB); one oversized item still makes a frame. */
  maxBytes?: number;
}

/** Limits of the replication backlog. */
export interface ReplicationBacklogOptions {
  /** Approximate bytes of records kept (default 16 MiB); the newest record is always kept. */
  maxBytes?: number;
  /** Records kept at most (default 1 000 000). */
  maxRecords?: number;
}

/** Options of `startLeader`; every limit has a safe default (the defaults table {@link LEADER_OPTIONS}). */
export interface LeaderOptions extends SocketSenderLimits {
  keyspace: Keyspace;
  /** Interface to listen on (default '127.0.0.1'). */
  host?: string;
  /** Port (default 0: any free port, see `leader.port`). */
  port?: number;
  /** Shared secret followers must present as `Authorization: Bearer <token>`; absent = open. */
  token?: string;
  /** Size of the replication backlog that partial resyncs are served from (default 16 MiB). */
  backlog?: ReplicationBacklogOptions;
  /** Largest frame accepted from a follower (default 64 KiB; followers only send hello and acks). */
  maxPayload?: number;
  /** Heartbeat period (default 1000 ms). */
  heartbeatIntervalMs?: number;
  /** A follower silent for longer is disconnected with 4408 (default 10 000 ms). */
  timeoutMs?: number;
  /** Time a closing follower gets to complete the close handshake before it is cut (default 5000 ms). */
  closeGraceMs?: number;
  /** Items or records per frame (defaults 1000 items, 256 KiB). */
  frames?: FrameLimits;
  /** Pace of the full-sync iteration (bgIteration's defaults otherwise). */
  iteration?: Pick<BgIterationOptions, 'budgetMs' | 'batchSize' | 'scheduler'>;
  /** Open connections at most, handshakes included; more are answered HTTP 503 (default 100). */
  maxConnections?: number;
  /** A connection must complete its WebSocket upgrade within this, or it is dropped (default 10 000 ms). */
  handshakeTimeoutMs?: number;
}

const isVisibleAscii = (value: unknown, maxLength: number) => typeof value === 'string' && value.length >= 1 && value.length <= maxLength && /^[\x21-\x7e]+$/.test(value);

/** The shared-secret option of both sides: it travels in an HTTP header. */
export const TOKEN_OPTION = customOption<string | undefined>(undefined, 'a string of 1 to 4096 visible ASCII characters', (value) => isVisibleAscii(value, 4096));

/** The defaults table of a follower connection's frames. */
export const FRAME_OPTIONS = {
  maxItems: integerOption(1000, 1),
  maxBytes: integerOption(256 * 1024, 1),
} as const;

/** The defaults table of a replication backlog. */
export const BACKLOG_OPTIONS = {
  maxBytes: integerOption(16 * 1024 * 1024, 1),
  maxRecords: integerOption(1_000_000, 1),
} as const;

/** The defaults table of `startLeader`. */
export const LEADER_OPTIONS = {
  keyspace: requiredOption<Keyspace>('a Keyspace', (value) => value instanceof Keyspace),
  host: customOption('127.0.0.1', 'a non-empty host name or address', (value) => isVisibleAscii(value, 255)),
  port: integerOption(0, 0, 65_535),
  token: TOKEN_OPTION,
  backlog: BACKLOG_OPTIONS,
  maxPayload: integerOption(64 * 1024, 1024),
  heartbeatIntervalMs: integerOption(1000, 1, MAX_TIMER_MS),
  timeoutMs: integerOption(10_000, 1, MAX_TIMER_MS),
  closeGraceMs: integerOption(5000, 0, MAX_TIMER_MS),
  frames: FRAME_OPTIONS,
  iteration: { budgetMs: BG_ITERATION_OPTIONS.budgetMs, batchSize: BG_ITERATION_OPTIONS.batchSize, scheduler: BG_ITERATION_OPTIONS.scheduler },
  highWaterMark: integerOption(1024 * 1024, 1),
  lowWaterMark: integerOption(256 * 1024, 0),
  outputLimit: integerOption(64 * 1024 * 1024, 1),
  maxConnections: integerOption(100, 1),
  handshakeTimeoutMs: integerOption(10_000, 1, MAX_TIMER_MS),
} as const;

/** `startLeader`'s options with every default filled in. */
export type NormalizedLeaderOptions = NormalizedOptions<typeof LEADER_OPTIONS>;

/**
 * Checks `startLeader`'s options against {@link LEADER_OPTIONS}; throws
 * `FORKLESS_ERR_INVALID_OPTION` naming the option, the value and the accepted range. The default
 * `lowWaterMark` is lowered to a smaller `highWaterMark`; a given one above it is an error.
 *
 * @example
 * ```ts
 * normalizeLeaderOptions({ keyspace, outputLimit: -1 }); // throws: outputLimit must be an integer ≥ 1, got -1
 * ```
 */
export function normalizeLeaderOptions(options: LeaderOptions): NormalizedLeaderOptions {
  const normalized = normalizeOptions('startLeader', LEADER_OPTIONS, options);
  if (normalized.lowWaterMark > normalized.highWaterMark) {
    if (options.lowWaterMark !== undefined) {
      throw invalidOption('startLeader', 'lowWaterMark', options.lowWaterMark, `an integer from 0 to highWaterMark (${normalized.highWaterMark})`);
    }
    normalized.lowWaterMark = normalized.highWaterMark;
  }
  return normalized;
}
