import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { Keyspace } from '../../keyspace/Keyspace.js';
import { customOption, functionOption, integerOption, MAX_TIMER_MS, normalizeOptions, requiredOption, schedulerOption, type NormalizedOptions } from '../../optionRules.js';

/** Options of {@link startRedisReplica}, named after the redis.conf directives they mirror. */
export interface RedisReplicaOptions {
  /** The master (`replicaof <host> <port>`): a redis-server, or a forkless server. */
  host: string;
  port: number;
  /** The keyspace kept identical to the master's (default: a new one with 16 databases). */
  keyspace?: Keyspace;
  /** `masterauth`: sent with AUTH before REPLCONF (default none). */
  password?: string;
  /** `REPLCONF listening-port`: the port this replica serves clients on (default 0). */
  listeningPort?: number;
  /** `repl-timeout` in ms: a master silent for longer is dropped and reconnected (default 60 000). */
  timeoutMs?: number;
  /** How often `REPLCONF ACK <offset>` is sent (default 1000 ms, as Redis). */
  ackPeriodMs?: number;
  /** Delay before reconnecting after a failure (default 1000 ms, Redis's replication cron). */
  retryDelayMs?: number;
  /** Log lines in Redis's wording (default: stderr). */
  log?: (line: string) => void;
  /** Timers (default rxjs asyncScheduler). */
  scheduler?: SchedulerLike;
}

/** What can change on a running replica link (CONFIG SET), see `RedisReplica.configure`. */
export type RedisReplicaSettings = Pick<RedisReplicaOptions, 'timeoutMs' | 'password'>;

/** The defaults table of {@link startRedisReplica}. */
export const REDIS_REPLICA_OPTIONS = {
  host: requiredOption<string>('a host name or address', (value) => typeof value === 'string' && value !== ''),
  port: requiredOption<number>('an integer from 1 to 65535', (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535),
  keyspace: customOption<Keyspace | undefined>(undefined, 'a Keyspace', (value) => value instanceof Keyspace),
  password: customOption<string | undefined>(undefined, 'a string', (value) => typeof value === 'string'),
  listeningPort: integerOption(0, 0, 65535),
  timeoutMs: integerOption(60_000, 1, MAX_TIMER_MS),
  ackPeriodMs: integerOption(1000, 1, MAX_TIMER_MS),
  retryDelayMs: integerOption(1000, 0, MAX_TIMER_MS),
  log: functionOption<(line: string) => void>((line) => process.stderr.write(`${line}\n`)),
  scheduler: schedulerOption<SchedulerLike>(asyncScheduler),
} as const;

/** {@link RedisReplicaOptions} with every default filled in. */
export type NormalizedRedisReplicaOptions = NormalizedOptions<typeof REDIS_REPLICA_OPTIONS>;

/**
 * Fills in defaults and rejects bad values with FORKLESS_ERR_INVALID_OPTION naming the option,
 * the value and the accepted range.
 *
 * @example
 * ```ts
 * normalizeRedisReplicaOptions({ host: '127.0.0.1', port: 6379 }).ackPeriodMs; // 1000
 * normalizeRedisReplicaOptions({ host: '127.0.0.1', port: 70000 }); // throws FORKLESS_ERR_INVALID_OPTION
 * ```
 */
export function normalizeRedisReplicaOptions(options: RedisReplicaOptions): NormalizedRedisReplicaOptions {
  return normalizeOptions('startRedisReplica', REDIS_REPLICA_OPTIONS, options);
}
