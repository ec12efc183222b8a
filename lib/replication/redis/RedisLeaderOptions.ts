import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { ForklessError } from '../../errors.js';
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
  /** `client-output-buffer-limit replica` (default 256 MB hard, 64 MB for 60 s soft). */
  outputLimit?: ReplicaOutputLimit;
  /** `repl-timeout` in ms: a replica silent (no ACK) for longer is dropped (default 60 000). */
  timeoutMs?: number;
  /** `masterauth` replicas must give with AUTH when the leader accepts connections itself (default none). */
  password?: string;
  /** Where log lines go, Redis's wording (default: stderr). */
  log?: (line: string) => void;
  /** Timers: pings, ACK timeouts, soft limits (default rxjs asyncScheduler). */
  scheduler?: SchedulerLike;
  /** Pace of the full-sync iteration (bgIteration's defaults otherwise). */
  iteration?: Pick<BgIterationOptions, 'budgetMs' | 'batchSize' | 'scheduler'>;
}

/** {@link RedisLeaderOptions} with every default filled in. */
export type NormalizedRedisLeaderOptions = Required<Omit<RedisLeaderOptions, 'password'>> & Pick<RedisLeaderOptions, 'password'>;

const DEFAULTS = {
  pingPeriodMs: 10_000,
  backlogBytes: 1024 * 1024,
  outputLimit: { hardBytes: 256 * 1024 * 1024, softBytes: 64 * 1024 * 1024, softSeconds: 60 },
  timeoutMs: 60_000,
} as const;

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
  const limit = options.outputLimit ?? DEFAULTS.outputLimit;
  const pingPeriodMs = checked('pingPeriodMs', options.pingPeriodMs ?? DEFAULTS.pingPeriodMs, 1);
  const backlogBytes = checked('backlogBytes', options.backlogBytes ?? DEFAULTS.backlogBytes, 16 * 1024);
  const timeoutMs = checked('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1);
  const outputLimit = {
    hardBytes: checked('outputLimit.hardBytes', limit.hardBytes, 0),
    softBytes: checked('outputLimit.softBytes', limit.softBytes, 0),
    softSeconds: checked('outputLimit.softSeconds', limit.softSeconds, 0),
  };
  if (options.password !== undefined && typeof options.password !== 'string') invalid('password', options.password, 'a string');
  return {
    pingPeriodMs,
    backlogBytes,
    timeoutMs,
    outputLimit,
    password: options.password,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    scheduler: options.scheduler ?? asyncScheduler,
    iteration: options.iteration ?? {},
  };
}

function checked(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) invalid(name, value, `an integer from ${min} to ${Number.MAX_SAFE_INTEGER}`);
  return value;
}

function invalid(name: string, value: unknown, accepted: string): never {
  throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `${name} = ${JSON.stringify(value)}: expected ${accepted}`, { option: name, value });
}
