import type { ByteString } from './byteString.js';
import type { Database } from './Database.js';
import type { KeyChange, KeyspaceListener, ReplicationRecord, WriteCommand } from './KeyspaceListener.js';

/**
 * One write's passage through the keyspace: every change and every propagated record of the
 * write goes through its scope, which counts the changes and tells each listener, handing back
 * the decision that listener returned when the write began.
 *
 * @example
 * ```ts
 * const scope = new WriteScope({ name: 'del', argv: ['DEL', 'k'], db: 0, keys, keyless: false }, listeners);
 * scope.keyChange(database, 'k', 'delete'); // listeners see it before the key goes
 * scope.end();
 * ```
 */
export class WriteScope {
  /** Changes made so far; a command with none is not propagated. */
  changes = 0;
  private readonly decisions: readonly unknown[];
  /** Database, key, database, key, …: collections the write changed in place or stored. */
  private changedCollections: (Database | ByteString)[] | null = null;

  constructor(
    readonly write: WriteCommand,
    private readonly listeners: readonly KeyspaceListener[],
  ) {
    this.decisions = listeners.length === 0 ? listeners : listeners.map((listener) => listener.beginWrite(write));
  }

  /** Whether anyone listens: without listeners a change is only counted. */
  get listening(): boolean {
    return this.listeners.length > 0;
  }

  /** `key` is about to change. */
  keyChange(database: Database, key: ByteString, change: KeyChange): void {
    this.changes++;
    for (let index = 0; index < this.listeners.length; index++) this.listeners[index]!.beforeKeyChange(this.decisions[index], database, key, change);
  }

  /** The collection at `key` was unpacked or stored as a container: its database learns it at the end. */
  collectionChanged(database: Database, key: ByteString): void {
    (this.changedCollections ??= []).push(database, key);
  }

  /**
   * Tells each database which collections the write left unpacked (before the listeners see the
   * end): they stay so while they are among its `capacity` most recently written, then are packed.
   */
  settleChangedCollections(capacity: number): void {
    const changed = this.changedCollections;
    if (changed === null) return;
    for (let index = 0; index < changed.length; index += 2) (changed[index] as Database).keepUnpacked(changed[index + 1] as ByteString, capacity);
  }

  /** Two databases were swapped. */
  swapped(first: number, second: number): void {
    this.changes++;
    for (let index = 0; index < this.listeners.length; index++) this.listeners[index]!.swapped(this.decisions[index], first, second);
  }

  /** A database was replaced by an empty one, or by new data. */
  flushed(replaced: Database, replacement: Database): void {
    this.changes++;
    for (let index = 0; index < this.listeners.length; index++) this.listeners[index]!.flushed(this.decisions[index], replaced, replacement);
  }

  /** A change with no key-level effect that still makes the command propagate (RENAME k k). */
  markChanged(): void {
    this.changes++;
  }

  /** The write propagated `record`. */
  propagated(record: ReplicationRecord): void {
    for (let index = 0; index < this.listeners.length; index++) this.listeners[index]!.propagated(this.decisions[index], record);
  }

  /** The write is over. */
  end(): void {
    for (let index = 0; index < this.listeners.length; index++) this.listeners[index]!.endWrite(this.decisions[index]);
  }
}
