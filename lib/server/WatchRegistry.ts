import type { ByteString } from '../keyspace/byteString.js';
import type { Keyspace } from '../keyspace/Keyspace.js';
import { isExpired, peekKey } from './peekKey.js';

/** A watched key as Redis 7.0 records it. */
interface WatchedKey {
  readonly db: number;
  readonly key: ByteString;
  /** The key was already logically expired at WATCH: its deletion is no change. */
  expired: boolean;
  /** The key was in the dictionary at WATCH (nothing touched it since, or the watch is dirty). */
  present: boolean;
}

interface Watcher {
  readonly keys: WatchedKey[];
  dirty: boolean;
}

/**
 * WATCH with Redis 7.0's abort rules, fed by the keyspace's propagated writes: a write to a watched
 * key makes the watcher's EXEC fail, as does a watched key that expires before EXEC; deleting a key
 * that was already expired at WATCH is no change. FLUSHDB/FLUSHALL touch the watched keys that
 * exist, SWAPDB those that exist in either database.
 *
 * @example
 * ```ts
 * watches.watch(client, 0, 'k');
 * watches.touched(0, 'k'); // from a propagated write
 * watches.execAllowed(client); // false
 * ```
 */
export class WatchRegistry<Owner = unknown> {
  private readonly watchers = new Map<Owner, Watcher>();
  /** db → key → watchers. */
  private readonly byKey = new Map<number, Map<ByteString, Set<Owner>>>();

  constructor(private readonly keyspace: Keyspace) {}

  /** True when no client watches anything (writes then cost nothing here). */
  get idle(): boolean {
    return this.watchers.size === 0;
  }

  watch(owner: Owner, db: number, key: ByteString): void {
    let watcher = this.watchers.get(owner);
    if (watcher === undefined) this.watchers.set(owner, (watcher = { keys: [], dirty: false }));
    if (watcher.keys.some((watched) => watched.db === db && watched.key === key)) return;
    const entry = peekKey(this.keyspace, db, key);
    watcher.keys.push({ db, key, expired: isExpired(entry, this.keyspace.clock()), present: entry !== undefined });
    let keys = this.byKey.get(db);
    if (keys === undefined) this.byKey.set(db, (keys = new Map()));
    let owners = keys.get(key);
    if (owners === undefined) keys.set(key, (owners = new Set()));
    owners.add(owner);
  }

  /** UNWATCH (also EXEC, DISCARD, RESET and disconnect). */
  unwatch(owner: Owner): void {
    const watcher = this.watchers.get(owner);
    if (watcher === undefined) return;
    this.watchers.delete(owner);
    for (const { db, key } of watcher.keys) {
      const owners = this.byKey.get(db)!.get(key)!;
      owners.delete(owner);
      if (owners.size === 0) this.byKey.get(db)!.delete(key);
    }
  }

  /** EXEC may run: nothing watched changed and no watched live key expired meanwhile. */
  execAllowed(owner: Owner): boolean {
    const watcher = this.watchers.get(owner);
    if (watcher === undefined) return true;
    if (watcher.dirty) return false;
    const now = this.keyspace.clock();
    return !watcher.keys.some((watched) => !watched.expired && isExpired(peekKey(this.keyspace, watched.db, watched.key), now));
  }

  /** A write changed `key` in `db`. */
  touched(db: number, key: ByteString): void {
    for (const owner of this.byKey.get(db)?.get(key) ?? []) {
      const watcher = this.watchers.get(owner)!;
      const watched = watcher.keys.find((candidate) => candidate.db === db && candidate.key === key)!;
      // An already expired key that is now gone (its lazy or active deletion): no logical change.
      if (watched.expired && peekKey(this.keyspace, db, key) === undefined) {
        watched.expired = false;
        watched.present = false;
        continue;
      }
      watcher.dirty = true;
    }
  }

  /** FLUSHDB (or FLUSHALL, per database) emptied `db`. */
  flushed(db: number): void {
    this.wholeDatabase(db, () => false);
  }

  /** SWAPDB exchanged `first` and `second` (called after the swap). */
  swapped(first: number, second: number): void {
    const now = this.keyspace.clock();
    for (const db of first === second ? [first] : [first, second]) {
      // What replaced db is now in db: its state after the swap.
      this.wholeDatabase(db, (watched) => {
        const replacement = peekKey(this.keyspace, db, watched.key);
        return replacement !== undefined ? (isExpired(replacement, now) ? 'expired' : true) : false;
      });
    }
  }

  /** Redis's touchAllWatchedKeysInDb: `replacedWith` says whether the key exists in what replaced the db. */
  private wholeDatabase(db: number, replacedWith: (watched: WatchedKey) => boolean | 'expired'): void {
    for (const [key, owners] of this.byKey.get(db) ?? []) {
      for (const owner of owners) {
        const watcher = this.watchers.get(owner)!;
        const watched = watcher.keys.find((candidate) => candidate.db === db && candidate.key === key)!;
        const replacement = replacedWith(watched);
        const existed = watched.present;
        watched.present = replacement !== false;
        if (!existed && replacement === false) continue;
        if (watched.expired) {
          if (replacement === false) watched.expired = false;
          else if (replacement !== 'expired') watcher.dirty = true;
          continue;
        }
        if (!existed && replacement === 'expired') {
          watched.expired = true;
          continue;
        }
        watcher.dirty = true;
      }
    }
  }
}
