import type { ByteString } from './byteString.js';
import type { Database } from './Database.js';
import { valueLength, type Entry, type ValueOfType, type ValueType } from './Entry.js';
import type { KeyspaceInternals } from './Keyspace.js';
import { ReplyErrors } from './ReplyError.js';
import type { Session } from './Session.js';

/**
 * What a command implementation sees: its arguments, the clock reading, and the only paths by
 * which it may read or change data. Every change goes through `write`, `create`, `remove` or
 * `setExpiry`, so iteration hooks and copy-on-write can never be bypassed.
 *
 * @example
 * ```ts
 * const run = (context: CommandContext) => {
 *   const entry = context.write(context.arg(1), 'list'); // hooks fired, safe to mutate
 *   entry?.value.push(context.arg(2));
 *   if (entry) context.dirty++;
 *   return entry?.value.length ?? 0;
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

  /** The live entry of `key`, or undefined; with `type`, a different type is a WRONGTYPE error. */
  read<T extends ValueType>(key: ByteString, type?: T, db = this.db): (Entry & { value: ValueOfType[T] }) | undefined {
    const entry = this.keyspace.lookup(db, key, this.expiryTime);
    if (entry !== undefined && type !== undefined && entry.type !== type) throw ReplyErrors.wrongType();
    return entry as (Entry & { value: ValueOfType[T] }) | undefined;
  }

  /** Like {@link read}, and announces an in-place change: the value is safe to mutate afterwards. */
  write<T extends ValueType>(key: ByteString, type?: T, db = this.db): (Entry & { value: ValueOfType[T] }) | undefined {
    const entry = this.read(key, type, db);
    if (entry !== undefined) this.keyspace.prepareChange(this.database(db), key, entry);
    return entry;
  }

  /** Inserts a new key (which must not exist) with no expiry. */
  create<T extends ValueType>(key: ByteString, type: T, value: ValueOfType[T], db = this.db): Entry {
    this.dirty++;
    return this.keyspace.insert(this.database(db), key, type, value);
  }

  /** Replaces whatever `key` holds with a new value of any type, dropping its expiry unless `keepExpiry`. */
  replace<T extends ValueType>(key: ByteString, type: T, value: ValueOfType[T], keepExpiry = false, db = this.db): Entry {
    const entry = this.write(key, undefined, db);
    if (entry === undefined) return this.create(key, type, value, db);
    entry.type = type;
    entry.value = value;
    if (!keepExpiry) this.setExpiry(key, entry, null, db);
    this.dirty++;
    return entry;
  }

  /** Deletes a key; true if it existed. */
  remove(key: ByteString, db = this.db): boolean {
    if (this.read(key, undefined, db) === undefined) return false;
    this.keyspace.removeEntry(this.database(db), key);
    this.dirty++;
    return true;
  }

  /** Deletes a collection that became empty, as Valkey does after the last element goes. */
  removeIfEmpty(key: ByteString, entry: Entry, db = this.db): void {
    if (valueLength(entry.type, entry.value) === 0) this.keyspace.removeEntry(this.database(db), key);
  }

  /** Sets or clears an entry's absolute expiry (the entry must have been fetched with `write`/`create`). */
  setExpiry(key: ByteString, entry: Entry, expiresAt: number | null, db = this.db): void {
    if (entry.expiresAt === expiresAt) return;
    entry.expiresAt = expiresAt;
    const volatileKeys = this.database(db).volatileKeys;
    if (expiresAt === null) volatileKeys.delete(key);
    else volatileKeys.add(key);
    this.dirty++;
  }

  /** Propagate these commands instead of the one given. */
  propagateAs(...commands: ByteString[][]): void {
    this.propagation = commands;
  }
}
