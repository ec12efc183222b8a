import type { SchedulerLike, Subscription } from 'rxjs';
import type { ByteString } from '../keyspace/byteString.js';

/** How a blocked client gets another chance: true once it was served (its reply written). */
export type BlockedAttempt = () => boolean;

/** A client waiting in a blocking command. */
interface BlockedClient<Owner> {
  readonly owner: Owner;
  readonly db: number;
  readonly keys: readonly ByteString[];
  readonly attempt: BlockedAttempt;
  /** Ends the block: `served`, `timeout` (reply nil), `error` (CLIENT UNBLOCK … ERROR) or `gone`. */
  readonly finish: (how: 'served' | 'timeout' | 'error' | 'gone') => void;
  timer: Subscription | null;
}

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, …), woken in Redis's order: keys in the order
 * they became ready, and for each key its clients first come, first served. A key is ready after a
 * propagated write touched it; each waiting client re-runs its command, and stays blocked if that
 * finds nothing (or the wrong type). Timeouts run on the injected scheduler.
 *
 * @example
 * ```ts
 * registry.block(client, 0, ['queue'], 5000, () => tryPop(client), (how) => reply(how));
 * registry.touched(0, 'queue'); // after an LPUSH
 * registry.serveReady();        // the client pops and is unblocked
 * ```
 */
export class BlockingRegistry<Owner> {
  private readonly byKey = new Map<number, Map<ByteString, BlockedClient<Owner>[]>>();
  private readonly blocked = new Map<Owner, BlockedClient<Owner>>();
  private ready: { db: number; key: ByteString }[] = [];
  private readonly readyKeys = new Set<string>();

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Number of blocked clients (INFO `blocked_clients`). */
  get size(): number {
    return this.blocked.size;
  }

  /** Distinct keys clients wait on (INFO `total_blocking_keys`). */
  get keyCount(): number {
    let count = 0;
    for (const keys of this.byKey.values()) count += keys.size;
    return count;
  }

  isBlocked(owner: Owner): boolean {
    return this.blocked.has(owner);
  }

  /** Blocks `owner` on `keys` for `timeoutMs` (0: forever). */
  block(owner: Owner, db: number, keys: readonly ByteString[], timeoutMs: number, attempt: BlockedAttempt, finish: BlockedClient<Owner>['finish']): void {
    const entry: BlockedClient<Owner> = { owner, db, keys: [...new Set(keys)], attempt, finish, timer: null };
    this.blocked.set(owner, entry);
    let database = this.byKey.get(db);
    if (database === undefined) this.byKey.set(db, (database = new Map()));
    for (const key of entry.keys) {
      const queue = database.get(key);
      if (queue === undefined) database.set(key, [entry]);
      else queue.push(entry);
    }
    if (timeoutMs > 0) entry.timer = this.scheduler.schedule(() => this.unblock(owner, 'timeout'), timeoutMs);
  }

  /** Ends a client's block (CLIENT UNBLOCK, timeout, disconnect); false if it was not blocked. */
  unblock(owner: Owner, how: 'timeout' | 'error' | 'gone' | 'served'): boolean {
    const entry = this.blocked.get(owner);
    if (entry === undefined) return false;
    this.blocked.delete(owner);
    entry.timer?.unsubscribe();
    const database = this.byKey.get(entry.db)!;
    for (const key of entry.keys) {
      const queue = database.get(key)!.filter((waiting) => waiting !== entry);
      if (queue.length === 0) database.delete(key);
      else database.set(key, queue);
    }
    entry.finish(how);
    return true;
  }

  /** A write touched `key`: if anyone waits on it, it is served at the next {@link serveReady}. */
  touched(db: number, key: ByteString): void {
    if (this.byKey.get(db)?.has(key) !== true) return;
    const id = `${db}:${key}`;
    if (this.readyKeys.has(id)) return;
    this.readyKeys.add(id);
    this.ready.push({ db, key });
  }

  /** Serves ready keys in order until none is left (serving may make more keys ready). */
  serveReady(): void {
    while (this.ready.length > 0) {
      const batch = this.ready;
      this.ready = [];
      this.readyKeys.clear();
      for (const { db, key } of batch) {
        for (const entry of [...(this.byKey.get(db)?.get(key) ?? [])]) {
          if (this.blocked.get(entry.owner) === entry && entry.attempt()) this.unblock(entry.owner, 'served');
        }
      }
    }
  }
}
