import type { SchedulerAction, SchedulerLike } from 'rxjs';
import type { Database } from './Database.js';

/** What the active expiry cycle needs from a keyspace. */
export interface ExpiringKeyspace {
  readonly databases: readonly Database[];
  readonly clock: () => number;
  readonly replica: boolean;
  expireKey(database: Database, key: string): void;
}

/** Options of the active expiry cycle. */
export interface ActiveExpiryOptions {
  /** Time between cycles (default 100 ms, Valkey's hz 10). */
  intervalMs?: number;
  /** Keys with a TTL examined per cycle across all databases (default 200). */
  keysPerCycle?: number;
  /**
   * Scheduler that drives the cycle; inject a virtual one in tests. Default: an unref'd Node
   * interval, so a keyspace never keeps the process alive on its own.
   */
  scheduler?: SchedulerLike;
}

/**
 * Runs the active expiry cycle every `intervalMs` on the scheduler: walks the keys that carry a
 * TTL, resuming where the last cycle stopped, and deletes the expired ones (each propagating a
 * DEL). Returns the function that stops it.
 *
 * @example
 * ```ts
 * const stop = startActiveExpiry(keyspace, { intervalMs: 100, keysPerCycle: 200, scheduler: testScheduler });
 * stop();
 * ```
 */
export function startActiveExpiry(keyspace: ExpiringKeyspace, options: Required<Omit<ActiveExpiryOptions, 'scheduler'>> & Pick<ActiveExpiryOptions, 'scheduler'>): () => void {
  const { intervalMs, keysPerCycle } = options;
  const cycle = activeExpiryCycle(keyspace);
  if (options.scheduler === undefined) {
    const timer = setInterval(() => cycle(keysPerCycle), intervalMs).unref();
    return () => clearInterval(timer);
  }
  const subscription = options.scheduler.schedule(function (this: SchedulerAction<void>) {
    cycle(keysPerCycle);
    this.schedule(undefined, intervalMs);
  }, intervalMs);
  return () => subscription.unsubscribe();
}

/**
 * One stateful expiry walker: each call examines up to `budget` volatile keys.
 *
 * @example
 * ```ts
 * const expire = activeExpiryCycle(keyspace);
 * clock.advance(1000);
 * expire(200); // number of keys deleted (each propagated as DEL)
 * ```
 */
export function activeExpiryCycle(keyspace: ExpiringKeyspace): (budget: number) => number {
  let db = 0;
  let cursor: Iterator<string> | null = null;
  return (budget) => {
    // A replica's keys go only when its leader's DEL arrives.
    if (keyspace.replica) return 0;
    let expired = 0;
    const now = keyspace.clock();
    for (let examined = 0, emptyDatabases = 0; examined < budget && emptyDatabases <= keyspace.databases.length;) {
      const database = keyspace.databases[db]!;
      cursor ??= database.expires.keys();
      const next = cursor.next();
      if (next.done) {
        cursor = null;
        db = (db + 1) % keyspace.databases.length;
        emptyDatabases++;
        continue;
      }
      examined++;
      emptyDatabases = 0;
      const expiresAt = database.expires.get(next.value);
      if (expiresAt !== undefined && expiresAt < now) {
        keyspace.expireKey(database, next.value);
        expired++;
      }
    }
    return expired;
  };
}
