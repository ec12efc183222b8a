import type { ByteString } from './byteString.js';
import type { Database } from './Database.js';
import { cloneValue, valueLength, type ValueOfType, type ValueType } from './Value.js';
import { typeOfStored, type StoredValue } from './StoredValue.js';
import { PackedCollection } from './PackedCollection.js';
import type { KeyspaceInternals } from './KeyspaceInternals.js';
import type { WriteScope } from './WriteScope.js';
import { ReplyErrors } from './ReplyError.js';
import type { CommandSession } from './CommandSession.js';

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
 * `remove`, `setExpiry` or `copyKey`, and through the command's write scope: the scope counts
 * the changes (a command without any is not propagated) and shows each one to the iterations;
 * `update` deletes a collection it empties; copy-on-write cannot be bypassed.
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
  /** Propagated form, when it differs from the command as given. */
  propagation: ByteString[][] | null = null;

  constructor(
    readonly keyspace: KeyspaceInternals,
    /** The write scope of a write command; null for a read-only one, which may change nothing. */
    private readonly scope: WriteScope | null,
    readonly argv: readonly ByteString[],
    public db: number,
    readonly now: number,
    readonly session: CommandSession | null,
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
    const stored = this.lookupTyped(key, type, db);
    if (stored === undefined) return undefined;
    return { type: typeOfStored(stored) as T, value: this.keyspace.unpacked(stored) as ValueOfType[T], expiresAt: this.database(db).expiryOf(key) };
  }

  /** The string at `key`, or null without the key: {@link read} of a string, with no view object. */
  readString(key: ByteString): ByteString | null {
    return (this.lookupTyped(key, 'string') as ByteString | undefined) ?? null;
  }

  /**
   * The value of a hash field (null without it), or undefined without the key: {@link read} and
   * `get`, without unpacking a packed hash.
   */
  readField(key: ByteString, field: ByteString): ByteString | null | undefined {
    const stored = this.lookupTyped(key, 'hash');
    if (stored === undefined) return undefined;
    return (stored instanceof PackedCollection ? stored.get(field) : (stored as Map<ByteString, ByteString>).get(field)) ?? null;
  }

  /**
   * Whether a set holds a member or a hash a field (false without the key): {@link read} and
   * `has`, without unpacking a packed collection.
   */
  holds(key: ByteString, type: 'set' | 'hash', element: ByteString): boolean {
    const stored = this.lookupTyped(key, type);
    if (stored === undefined) return false;
    return stored instanceof PackedCollection ? stored.find(element) >= 0 : (stored as Set<ByteString> | Map<ByteString, unknown>).has(element);
  }

  /** The live stored value, or undefined; with `type`, a different type is a WRONGTYPE error. */
  private lookupTyped(key: ByteString, type?: ValueType, db = this.db): StoredValue | undefined {
    const stored = this.keyspace.lookup(db, key, this.expiryTime);
    if (stored !== undefined && type !== undefined && typeOfStored(stored) !== type) throw ReplyErrors.wrongType();
    return stored;
  }

  /** Whether the key is live (an expired one is deleted first, as by {@link read}). */
  exists(key: ByteString, db = this.db): boolean {
    return this.keyspace.lookup(db, key, this.expiryTime) !== undefined;
  }

  /**
   * Changes the existing collection at `key` in place (it must exist with `type`) and deletes the
   * key if `change` empties it; returns what `change` returns.
   */
  update<T extends Exclude<ValueType, 'string'>, R>(key: ByteString, type: T, change: (value: ValueOfType[T]) => R, db = this.db): R {
    const database = this.database(db);
    const value = this.keyspace.prepareChange(this.writeScope(), database, key);
    const result = change(value as ValueOfType[T]);
    if (valueLength(type, value) === 0) this.keyspace.removeKey(this.writeScope(), database, key);
    return result;
  }

  /** Inserts a new key (which must not exist), optionally with an absolute expiry. */
  create<T extends ValueType>(key: ByteString, type: T, value: ValueOfType[T], db = this.db, expiresAt: number | null = null): void {
    this.overwrite(key, type, value, expiresAt, db);
  }

  /**
   * Gives `key` a new value of any type, in place if it exists: a key that exists throughout
   * keeps its place, as Valkey's overwrite does. `expiry`: keep, clear (null) or set (ms).
   */
  overwrite<T extends ValueType>(key: ByteString, _type: T, value: ValueOfType[T], expiry: ExpiryChange = null, db = this.db): void {
    const database = this.database(db);
    this.keyspace.store(this.writeScope(), database, key, value);
    if (expiry !== 'keep') this.keyspace.setKeyExpiry(this.writeScope(), database, key, expiry);
  }

  /** Deletes a key; true if it existed. */
  remove(key: ByteString, db = this.db): boolean {
    if (!this.exists(key, db)) return false;
    this.keyspace.removeKey(this.writeScope(), this.database(db), key);
    return true;
  }

  /** Sets or clears the absolute expiry of an existing key. */
  setExpiry(key: ByteString, expiresAt: number | null, db = this.db): void {
    if (!this.exists(key, db)) return;
    this.keyspace.setKeyExpiry(this.writeScope(), this.database(db), key, expiresAt);
  }

  /**
   * Copies (or, without `keepSource`, moves) `source` with its expiry to `target` in `targetDb`,
   * replacing whatever `target` holds: RENAME, MOVE and COPY.
   */
  copyKey(source: ByteString, target: ByteString, targetDb: number, keepSource: boolean): void {
    const { type, value, expiresAt } = this.read(source)!;
    // A moved container stays shared if an iteration holds it: copy-on-write follows the value.
    const moved = keepSource ? cloneValue(type, value) : value;
    if (!keepSource) this.remove(source);
    this.overwrite(target, type, moved, expiresAt, targetDb);
  }

  /** Counts a change with no key-level effect (RENAME k k): the command propagates. */
  markChanged(): void {
    this.writeScope().markChanged();
  }

  /** Propagate these commands instead of the one given. */
  propagateAs(...commands: ByteString[][]): void {
    this.propagation = commands;
  }

  /** @internal For SWAPDB and FLUSHDB/FLUSHALL. */
  writeScope(): WriteScope {
    if (this.scope === null) throw new Error(`${this.argv[0]} is not flagged as a write but tried to change data`);
    return this.scope;
  }
}
