import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { ForklessError } from '../../errors.js';
import type { Keyspace } from '../../keyspace/Keyspace.js';

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

/** {@link RedisReplicaOptions} with every default filled in. */
export type NormalizedRedisReplicaOptions = Required<Omit<RedisReplicaOptions, 'keyspace' | 'password'>> & Pick<RedisReplicaOptions, 'password'>;

const DEFAULTS = { listeningPort: 0, timeoutMs: 60_000, ackPeriodMs: 1000, retryDelayMs: 1000 } as const;

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
  if (typeof options.host !== 'string' || options.host === '') invalid('host', options.host, 'a host name or address');
  if (options.password !== undefined && typeof options.password !== 'string') invalid('password', options.password, 'a string');
  return {
    host: options.host,
    port: integer('port', options.port, 1, 65535),
    listeningPort: integer('listeningPort', options.listeningPort ?? DEFAULTS.listeningPort, 0, 65535),
    timeoutMs: integer('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs, 1, Number.MAX_SAFE_INTEGER),
    ackPeriodMs: integer('ackPeriodMs', options.ackPeriodMs ?? DEFAULTS.ackPeriodMs, 1, Number.MAX_SAFE_INTEGER),
    retryDelayMs: integer('retryDelayMs', options.retryDelayMs ?? DEFAULTS.retryDelayMs, 0, Number.MAX_SAFE_INTEGER),
    password: options.password,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    scheduler: options.scheduler ?? asyncScheduler,
  };
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) invalid(name, value, `an integer from ${min} to ${max}`);
  return value;
}

function invalid(name: string, value: unknown, accepted: string): never {
  throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `${name} = ${JSON.stringify(value)}: expected ${accepted}`, { option: name, value });
}
