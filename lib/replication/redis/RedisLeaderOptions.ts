import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { customOption, functionOption, integerOption, MAX_TIMER_MS, normalizeOptions, schedulerOption, type NormalizedOptions } from '../../optionRules.js';
import { BG_ITERATION_OPTIONS, STREAMING_BATCH_SIZE } from '../../iteration/BgIterationOptions.js';
import type { BgIterationOptions } from '../../iteration/bgIteration.js';

/** Redis's `client-output-buffer-limit replica <hard> <soft> <seconds>`; 0 disables a bound. */
export interface ReplicaOutputLimit {
  readonly hardBytes: number;
  readonly softBytes: number;
  readonly softSeconds: number;
}

/** Options of a {@link RedisLeader}, named after the redis.conf directives they mirror. */
export interface RedisLeaderOptions {
  /** `repl-ping-replica-period` in ms: a PING goes into the stream this often (default 10 000). */
  pingPeriodMs?: number;
  /** `repl-backlog-size` in bytes: partial resyncs are served from this much stream (default 1 MiB). */
  backlogBytes?: number;
  /** `repl-backlog-ttl` in ms: the backlog is freed after this long without replicas; 0 keeps it (default 3 600 000). */
  backlogTtlMs?: number;
  /** `client-output-buffer-limit replica` (default 256 MB hard, 64 MB for 60 s soft). */
  outputLimit?: Partial<ReplicaOutputLimit>;
  /** `repl-timeout` in ms: a replica silent (no ACK) for longer is dropped (default 60 000). */
  timeoutMs?: number;
  /** `masterauth` replicas must give with AUTH when the leader accepts connections itself (default none). */
  password?: string;
  /** Where log lines go, Redis's wording (default: stderr). */
  log?: (line: string) => void;
  /** Timers: pings, ACK timeouts, soft limits (default rxjs asyncScheduler). */
  scheduler?: SchedulerLike;
  /** Pace of the full-sync iteration (default: bgIteration's `budgetMs` and `scheduler`, {@link STREAMING_BATCH_SIZE} entries per cycle). */
  iteration?: Pick<BgIterationOptions, 'budgetMs' | 'batchSize' | 'scheduler'>;
}

/** What can change on a running leader (CONFIG SET), see `RedisLeader.configure`. */
export type RedisLeaderSettings = Pick<RedisLeaderOptions, 'pingPeriodMs' | 'backlogBytes' | 'backlogTtlMs' | 'outputLimit' | 'timeoutMs' | 'password'>;

/** The defaults table of a {@link RedisLeader} (redis.conf's defaults). */
export const REDIS_LEADER_OPTIONS = {
  pingPeriodMs: integerOption(10_000, 1, MAX_TIMER_MS),
  backlogBytes: integerOption(1024 * 1024, 16 * 1024),
  backlogTtlMs: integerOption(3_600_000, 0),
  outputLimit: {
    hardBytes: integerOption(256 * 1024 * 1024, 0),
    softBytes: integerOption(64 * 1024 * 1024, 0),
    softSeconds: integerOption(60, 0),
  },
  timeoutMs: integerOption(60_000, 1, MAX_TIMER_MS),
  password: customOption<string | undefined>(undefined, 'a string', (value) => typeof value === 'string'),
  log: functionOption<(line: string) => void>((line) => process.stderr.write(`${line}\n`)),
  scheduler: schedulerOption<SchedulerLike>(asyncScheduler),
  iteration: { budgetMs: BG_ITERATION_OPTIONS.budgetMs, batchSize: integerOption(STREAMING_BATCH_SIZE, 1), scheduler: BG_ITERATION_OPTIONS.scheduler },
} as const;

/** {@link RedisLeaderOptions} with every default filled in. */
export type NormalizedRedisLeaderOptions = NormalizedOptions<typeof REDIS_LEADER_OPTIONS>;

/**
 * Fills in defaults and rejects bad values with FORKLESS_ERR_INVALID_OPTION naming the option,
 * the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeRedisLeaderOptions({ backlogBytes: 16 * 1024 }).pingPeriodMs; // 10000
 * normalizeRedisLeaderOptions({ pingPeriodMs: 0 }); // throws FORKLESS_ERR_INVALID_OPTION
 * ```
 */
export function normalizeRedisLeaderOptions(options: RedisLeaderOptions = {}): NormalizedRedisLeaderOptions {
  return normalizeOptions('RedisLeader', REDIS_LEADER_OPTIONS, options);
}
