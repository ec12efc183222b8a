import type { CommandContext } from '../CommandContext.js';
import { ReplyError } from '../ReplyError.js';

/**
 * Refuses, with Redis 7.0's error text, what a node of a cluster does not allow (it has database 0
 * only, and no key outside the command's slot may be read): SELECT of another database, MOVE,
 * SWAPDB, COPY … DB, SORT's BY and GET patterns. Does nothing outside cluster mode.
 *
 * @example
 * ```ts
 * if (index !== 0) refuseInClusterMode(context, 'SELECT is not allowed in cluster mode');
 * ```
 */
export function refuseInClusterMode(context: CommandContext, message: string): void {
  if (context.keyspace.clusterMode) throw new ReplyError(`ERR ${message}`);
}
