import type { SchedulerLike } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { MAX_TIMER_MS } from '../optionRules.js';
import type { RedisLeaderSettings } from '../replication/redis/RedisLeaderOptions.js';
import { RedisReplication } from '../replication/redis/RedisReplication.js';
import type { RedisReplicaSettings } from '../replication/redis/RedisReplicaOptions.js';
import { parseMasterAddress, parseOutputLimits } from './configParameters.js';
import type { ServerConfig } from './ServerConfig.js';

/** The directives {@link serverReplication} follows at run time (CONFIG SET). */
const REPLICATION_DIRECTIVES = new Set(['repl-ping-replica-period', 'repl-backlog-size', 'repl-backlog-ttl', 'repl-timeout', 'masterauth', 'client-output-buffer-limit']);

/**
 * The Redis replication of a server, from its directives: `repl-ping-replica-period`,
 * `repl-backlog-size`, `repl-backlog-ttl`, the `replica` class of `client-output-buffer-limit` and
 * `repl-timeout` for the replicas it leads; `masterauth`, `repl-timeout` and its own port for the
 * master it follows (`replicaof`). CONFIG SET of any of them reaches the live leader, its replicas
 * and the master link at once. Redis's ranges exceed what timers take: periods and timeouts are
 * capped at 2^31-1 ms (24.8 days).
 *
 * @example
 * ```ts
 * const replication = serverReplication(keyspace, config, asyncScheduler, 6380);
 * replication.replicaOf({ host: '127.0.0.1', port: 6379 });
 * ```
 */
export function serverReplication(keyspace: Keyspace, config: ServerConfig, scheduler: SchedulerLike, port: number): RedisReplication {
  const { leader, replica } = replicationSettings(config);
  const master = parseMasterAddress(config.text('replicaof'));
  const replication = new RedisReplication(keyspace, {
    leader: { ...leader, scheduler },
    replica: { ...replica, listeningPort: port, scheduler },
    ...(master === null ? {} : { replicaof: master }),
  });
  config.onChange((name) => REPLICATION_DIRECTIVES.has(name) && replication.configure(replicationSettings(config)));
  return replication;
}

function replicationSettings(config: ServerConfig): { leader: RedisLeaderSettings; replica: RedisReplicaSettings } {
  const timeoutMs = config.milliseconds('repl-timeout', MAX_TIMER_MS);
  const limit = parseOutputLimits(config.text('client-output-buffer-limit')).get('replica') ?? { hard: 0, soft: 0, seconds: 0 };
  const password = config.text('masterauth');
  return {
    leader: {
      pingPeriodMs: config.milliseconds('repl-ping-replica-period', MAX_TIMER_MS),
      backlogBytes: Math.min(config.number('repl-backlog-size'), Number.MAX_SAFE_INTEGER),
      backlogTtlMs: config.milliseconds('repl-backlog-ttl', Number.MAX_SAFE_INTEGER),
      outputLimit: { hardBytes: limit.hard, softBytes: limit.soft, softSeconds: limit.seconds },
      timeoutMs,
    },
    replica: { timeoutMs, password: password === '' ? undefined : password },
  };
}
