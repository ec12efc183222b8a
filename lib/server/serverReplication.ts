import type { SchedulerLike } from 'rxjs';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { RedisReplication } from '../replication/redis/RedisReplication.js';
import { parseMasterAddress, parseOutputLimits } from './configParameters.js';
import type { ServerConfig } from './ServerConfig.js';

/**
 * The Redis replication of a server, from its directives: `repl-ping-replica-period`,
 * `repl-backlog-size`, `repl-backlog-ttl`, the `replica` class of `client-output-buffer-limit` and `repl-timeout` for
 * the replicas it leads; `masterauth`, `repl-timeout` and its own port for the master it follows
 * (`replicaof`).
 *
 * @example
 * ```ts
 * const replication = serverReplication(keyspace, config, asyncScheduler, 6380);
 * replication.replicaOf({ host: '127.0.0.1', port: 6379 });
 * ```
 */
export function serverReplication(keyspace: Keyspace, config: ServerConfig, scheduler: SchedulerLike, port: number): RedisReplication {
  const timeoutMs = config.number('repl-timeout') * 1000;
  const limit = parseOutputLimits(config.text('client-output-buffer-limit')).get('replica') ?? { hard: 0, soft: 0, seconds: 0 };
  const password = config.text('masterauth');
  const master = parseMasterAddress(config.text('replicaof'));
  return new RedisReplication(keyspace, {
    leader: {
      pingPeriodMs: config.number('repl-ping-replica-period') * 1000,
      backlogBytes: config.number('repl-backlog-size'),
      backlogTtlMs: config.number('repl-backlog-ttl') * 1000,
      outputLimit: { hardBytes: limit.hard, softBytes: limit.soft, softSeconds: limit.seconds },
      timeoutMs,
      scheduler,
    },
    replica: { timeoutMs, listeningPort: port, scheduler, ...(password === '' ? {} : { password }) },
    ...(master === null ? {} : { replicaof: master }),
  });
}
