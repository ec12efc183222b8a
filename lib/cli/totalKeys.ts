import type { Keyspace } from '../keyspace/Keyspace.js';

/**
 * Keys in every database of `keyspace` (DBSIZE summed over the databases).
 *
 * @example
 * ```ts
 * totalKeys(follower.keyspace); // 12345
 * ```
 */
export function totalKeys(keyspace: Keyspace): number {
  let keys = 0;
  for (let db = 0; db < keyspace.databases.length; db++) keys += keyspace.dbsize(db);
  return keys;
}
