import type { ByteString } from './byteString.js';
import type { Database } from './Database.js';
import { cloneValue, valueLength, type ValueOfType, type ValueType } from './Entry.js';
import type { KeyspaceInternals } from './Keyspace.js';
import { ReplyErrors } from './ReplyError.js';
import type { Session } from './Session.js';

/** A key as a command reads it: never mutate `value`; change it through the context. */
export interface KeyView<T extends ValueType = ValueType> {
  readonly type: T;
  readonly value: ValueOfType[T];
  /** Absolute expiry in ms since the epoch, or null. */
  readonly expiresAt: number | null;
}

/** What `overwrite` does with the key's expiry: keep it, clear it (null) or set it (ms). */
export type ExpiryChange = 'keep' | number | null;

/**
 * What a command implementation sees: its arguments, the clock reading, and the only paths by
 * which it may read or change data. Every change goes through `create`, `update`, `overwrite`,
 * `remove`, `setExpiry` or `copyKey`: these helpers count the changes (a command without any is
 * not propagated), delete collections they empty, and keep iteration hooks and copy-on-write
 * from ever being bypassed.
 *
 * @example
 * ```ts
 * const run = (context: CommandContext) => {
 *   if (context.read(context.arg(1), 'list') === undefined) return 0;
 *   return context.update(context.arg(1), 'list', (list) => list.push(context.arg(2)));
 * };
 * ```
 */
export class CommandContext {
  /** Number of changes made; a command with none is not propagated. */
  dirty = 0;
  /** Propagated form, when it differs from the command as given. */
  propagation: ByteString[][] | null = null;

  constructor(
    readonly keyspace: KeyspaceInternals,
    readonly argv: readonly ByteString[],
    public db: number,
    readonly now: number,
    readonly session: Session | null,
    /**
     * The time expiry is judged against: `now`, or -Infinity while applying a leader's stream (a
     * replica's keys expire only when the leader's DEL arrives, as in Valkey).
     */
    readonly expiryTime: number = now,
  ) {}

  /** Argument `index`, which the arity check guarantees exists. */
  arg(index: number): ByteString {
    return this.argv[index]!;
  }

  database(db = this.db): Database {
    return this.keyspace.databaseAt(db);
  }

  /** The live key, or undefined; with `type`, a different type is a WRONGTYPE error. */
  read<T extends ValueType>(key: ByteString, type?: T, db = this.db): KeyView<T> | undefined {
    const entry = this.keyspace.lookup(db, key, this.expiryTime);
    if (entry !== undefined && type !== undefined && entry.type !== type) throw ReplyErrors.wrongType();
    return entry as KeyView<T> | undefined;
  }

  /**
   * Changes the existing collection at `key` in place (it must exist with `type`) and deletes the
   * key if `change` empties it; returns what `change` returns.
   */
  update<T extends Exclude<ValueType, 'string'>, R>(key: ByteString, type: T, change: (value: ValueOfType[T]) => R, db = this.db): R {
    const entry = this.writable(key, db);
    const result = change(entry.value as ValueOfType[T]);
    this.dirty++;
    if (valueLength(type, entry.value) === 0) this.keyspace.removeEntry(this.database(db), key);
    return result;
  }

  /** Inserts a new key (which must not exist), optionally with an absolute expiry. */
  create<T extends ValueType>(key: ByteString, type: T, value: ValueOfType[T], db = this.db, expiresAt: number | null = null): void {
    this.dirty++;
    const entry = this.keyspace.insert(this.database(db), key, type, value);
    if (expiresAt !== null) this.keyspace.setEntryExpiry(this.database(db), key, entry, expiresAt);
  }

  /**
   * Gives `key` a new value of any type in place (creating it if missing): a key that exists
   * throughout keeps its identity, as Valkey's overwrite does.
   */
  overwrite<T extends ValueType>(key: ByteString, type: T, value: ValueOfType[T], expiry: ExpiryChange = null, db = this.db): void {
    if (this.read(key, undefined, db) === undefined) {
      this.create(key, type, value, db, expiry === 'keep' ? null : expiry);
      return;
    }
    const entry = this.writable(key, db);
    entry.type = type;
    entry.value = value;
    this.dirty++;
    if (expiry !== 'keep') this.keyspace.setEntryExpiry(this.database(db), key, entry, expiry);
  }

  /** Deletes a key; true if it existed. */
  remove(key: ByteString, db = this.db): boolean {
    if (this.read(key, undefined, db) === undefined) return false;
    this.keyspace.removeEntry(this.database(db), key);
    this.dirty++;
    return true;
  }

  /** Sets or clears the absolute expiry of an existing key. */
  setExpiry(key: ByteString, expiresAt: number | null, db = this.db): void {
    const entry = this.read(key, undefined, db);
    if (entry === undefined || entry.expiresAt === expiresAt) return;
    this.keyspace.setEntryExpiry(this.database(db), key, this.writable(key, db), expiresAt);
    this.dirty++;
  }

  /**
   * Copies (or, without `keepSource`, moves) `source` with its expiry to `target` in `targetDb`,
   * replacing whatever `target` holds: RENAME, MOVE and COPY.
   */
  copyKey(source: ByteString, target: ByteString, targetDb: number, keepSource: boolean): void {
    const entry = this.keyspace.lookup(this.db, source, this.expiryTime)!;
    const { type, value, expiresAt } = entry;
    // Removing the source may present it to an iteration first (which then shares its container):
    // read `shared` only afterwards. A container an iteration holds is copied, not moved.
    if (!keepSource) this.remove(source);
    const moved = keepSource || entry.shared ? cloneValue(type, value) : value;
    this.overwrite(target, type, moved, expiresAt, targetDb);
  }

  /** Counts a change with no key-level effect (FLUSHDB, SWAPDB, RENAME k k): the command propagates. */
  markChanged(): void {
    this.dirty++;
  }

  /** Propagate these commands instead of the one given. */
  propagateAs(...commands: ByteString[][]): void {
    this.propagation = commands;
  }

  private writable(key: ByteString, db: number) {
    const entry = this.keyspace.lookup(db, key, this.expiryTime)!;
    this.keyspace.prepareChange(this.database(db), key, entry);
    return entry;
  }
}
