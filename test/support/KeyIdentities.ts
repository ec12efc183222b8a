import type { Database } from '../../lib/keyspace/Database.js';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import type { KeyChange, KeyspaceListener } from '../../lib/keyspace/KeyspaceListener.js';

/**
 * The model's notion of a key's identity: a key gets a new identity when it is created and loses
 * it when deleted; an in-place change (overwrite included) keeps it. A key alive throughout an
 * iteration keeps one identity from T0 to the end.
 */
export class KeyIdentities implements KeyspaceListener<null> {
  private next = 1;
  private readonly ids = new Map<Database, Map<string, number>>();

  constructor(private readonly keyspace: Keyspace) {
    for (const database of keyspace.databases) database.forEach((_value, key) => this.assign(database, key));
    keyspace.observe(this);
  }

  /** The identity of `key` in `database` now, or undefined. */
  idOf(database: Database | null, key: string): number | undefined {
    return database === null ? undefined : this.ids.get(database)?.get(key);
  }

  /** Identities of every key present now. */
  live(): Set<number> {
    const live = new Set<number>();
    for (const database of this.keyspace.databases) database.forEach((_value, key) => live.add(this.ids.get(database)!.get(key)!));
    return live;
  }

  beginWrite(): null {
    return null;
  }
  beforeKeyChange(_decision: null, database: Database, key: string, change: KeyChange): void {
    if (change === 'create') this.assign(database, key);
    if (change === 'delete') this.ids.get(database)?.delete(key);
  }
  swapped(): void {}
  flushed(): void {}
  propagated(): void {}
  endWrite(): void {}
  settle(): void {}

  private assign(database: Database, key: string): void {
    let ids = this.ids.get(database);
    if (ids === undefined) this.ids.set(database, (ids = new Map()));
    ids.set(key, this.next++);
  }
}
