import { Subject, type Observable } from 'rxjs';
import { toByteString, toPortableArgument, type ByteString } from './byteString.js';
import { settleReply, type ReplyEncoding } from './settleReply.js';
import { CommandContext } from './CommandContext.js';
import type { CommandSpecification, Reply } from './commandTable.js';
import { findCommand } from './commands/findCommand.js';
import { Database } from './Database.js';
import { digestDatabases } from './digest.js';
import { cloneValue, type Entry, type Value, type ValueOfType, type ValueType } from './Entry.js';
import { ForklessError } from '../errors.js';
import type { IterationItem } from '../iteration/IterationItem.js';
import type { KeyspaceObserver, PendingCommand, ReplicationRecord } from './KeyspaceObserver.js';
import { ReplyError, ReplyErrors } from './ReplyError.js';
import { Session } from './Session.js';
import { startActiveExpiry, type ActiveExpiryOptions } from './activeExpiry.js';

/** Options of a {@link Keyspace}. */
export interface KeyspaceOptions {
  /** Number of databases (default 16). */
  databases?: number;
  /** Milliseconds since the epoch (default `Date.now`); inject a fake for deterministic tests. */
  clock?: () => number;
  /** Run the active expiry cycle (default off; `true` = every 100 ms on an unref'd interval). */
  activeExpiry?: boolean | ActiveExpiryOptions;
  /** Start as a read-only replica (see {@link Keyspace.replica}); default false. */
  replica?: boolean;
}

/** How `execute` returns bulk strings: decoded as UTF-8 text (default) or as raw byte strings. */
export interface ExecuteOptions {
  db?: number;
  encoding?: ReplyEncoding;
  /**
   * Apply as a replica applies its leader's stream: no key counts as expired (the leader's DEL
   * removes it), so a late or clock-skewed replica reaches the leader's state. Used by `apply`.
   */
  replicated?: boolean;
}

/** The surface command implementations and iterations use; not part of the public API. */
export interface KeyspaceInternals {
  readonly databases: readonly Database[];
  databaseAt(db: number): Database;
  lookup(db: number, key: ByteString, now: number): Entry | undefined;
  prepareChange(database: Database, key: ByteString, entry: Entry): void;
  insert<T extends ValueType>(database: Database, key: ByteString, type: T, value: ValueOfType[T]): Entry;
  removeEntry(database: Database, key: ByteString): void;
  setEntryExpiry(database: Database, key: ByteString, entry: Entry, expiresAt: number | null): void;
  swapDatabases(first: number, second: number): void;
  flushDatabase(db: number): void;
  dispatch(argv: ByteString[], db: number, session: Session | null, replicated?: boolean): Reply;
}

/**
 * An embedded, Valkey-compatible in-memory keyspace with a replication stream.
 *
 * `execute` is synchronous and never waits for anything: iterations observe writes through
 * synchronous hooks and copy-on-write.
 *
 * @example
 * ```ts
 * const ks = new Keyspace();
 * ks.execute(['SET', 'greeting', 'hello', 'EX', '60']);
 * ks.execute(['GET', 'greeting']); // 'hello'
 * ks.replication$.subscribe(({ offset, db, argv }) => console.log(offset, db, argv)); // SET … PXAT …
 * ```
 */
export class Keyspace {
  readonly databases: Database[];
  readonly clock: () => number;
  private readonly records = new Subject<ReplicationRecord>();
  private readonly observers = new Set<KeyspaceObserver>();
  private sequence = 0;
  private currentEpoch = 1;
  private lastOffset = 0;
  private commandDepth = 0;
  private readonly stopActiveExpiry: () => void;

  /**
   * A read-only replica, as a Valkey replica: client commands that write are refused with
   * `READONLY`; a read hides an expired key but never deletes it, and the active cycle skips it, so
   * keys go only when the leader's DEL arrives. `apply`, `restore`, `replaceWith` and
   * `execute(…, { replicated: true })` still write. A follower sets it while it follows.
   */
  replica: boolean;

  private readonly replacements = new Subject<{ offset: number }>();

  /**
   * Emits after each `replaceWith`: the data was replaced wholesale (a loaded snapshot, a finished
   * full sync), so whoever replicates this keyspace must start a new history.
   */
  readonly replaced$: Observable<{ offset: number }> = this.replacements.asObservable();

  /** Every propagated write, in order, synchronously after the write. */
  readonly replication$: Observable<ReplicationRecord> = this.records.asObservable();

  constructor(options: KeyspaceOptions = {}) {
    const count = options.databases ?? 16;
    if (!Number.isInteger(count) || count < 1) {
      throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `databases must be a positive integer, got ${count}`);
    }
    this.databases = Array.from({ length: count }, (_, index) => new Database(index));
    this.clock = options.clock ?? Date.now;
    this.replica = options.replica ?? false;
    this.stopActiveExpiry = options.activeExpiry ? startActiveExpiry(this, options.activeExpiry === true ? {} : options.activeExpiry) : () => {};
  }

  /** Replication offset of the last propagated write (0 before any). */
  get offset(): number {
    return this.lastOffset;
  }

  /** The current change epoch: every entry changed from now on gets at least this value. */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Starts a new epoch and returns the previous one: entries changed later have a larger epoch. */
  nextEpoch(): number {
    return this.currentEpoch++;
  }

  /** Runs one command. Throws {@link ReplyError} with Valkey's text on any error reply. */
  execute(argv: readonly (string | Uint8Array)[], options: ExecuteOptions = {}): Reply {
    const db = options.db ?? 0;
    if (!Number.isInteger(db) || db < 0 || db >= this.databases.length) throw ReplyErrors.dbIndexOutOfRange();
    const reply = this.dispatch(argv.map(toByteString), db, null, options.replicated ?? false);
    return settleReply(reply, options.encoding ?? 'utf8');
  }

  /** A client session: holds the selected database and MULTI state. */
  session(): Session {
    return new Session(this);
  }

  /** Order-independent hash of every live key of every database: key, type, value and expiry. */
  digest(): string {
    return digestDatabases(this.databases, this.clock());
  }

  /** Number of keys in a database (default 0), like DBSIZE. */
  dbsize(db = 0): number {
    return this.databaseAt(db).entries.size;
  }

  /**
   * Replica side of an iteration: an entry replaces its key, a command is executed in its
   * database, barriers and `complete` change nothing.
   */
  apply(item: IterationItem): void {
    switch (item.kind) {
      case 'entry':
        this.restore(item.db, item.key, item.type, item.value, item.expiresAt);
        return;
      case 'command':
        this.execute(item.argv, { db: item.db, replicated: true });
        return;
      default:
        return;
    }
  }

  /**
   * Writes a key with a value as a dump/restore would, without propagating. The value container is
   * shared, not copied: the keyspace clones it before its first in-place change.
   */
  restore(db: number, key: ByteString, type: ValueType, value: Value, expiresAt: number | null): void {
    const database = this.databaseAt(db);
    if (database.entries.has(key)) this.removeEntry(database, key);
    const entry = this.insert(database, key, type, value as ValueOfType[ValueType]);
    entry.shared = type !== 'string';
    if (expiresAt !== null) {
      entry.expiresAt = expiresAt;
      database.volatileKeys.add(key);
    }
  }

  /**
   * Takes over all databases of `source` at once (a loaded snapshot, a finished full sync): readers
   * see either the old data or the new, never a mix. Running iterations see a flush of every
   * database. `offset` (default: unchanged) becomes this keyspace's replication offset. `source`
   * must not be used afterwards.
   */
  replaceWith(source: Keyspace, offset = this.lastOffset): void {
    if (source.databases.length !== this.databases.length) {
      throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `database count differs: ${source.databases.length} vs ${this.databases.length}`);
    }
    // Keep insertion sequences and epochs increasing across the adopted entries (iterations and SCAN
    // rely on map order matching sequence order).
    this.sequence = Math.max(this.sequence, source.sequence);
    this.currentEpoch = Math.max(this.currentEpoch, source.currentEpoch);
    source.databases.forEach((replacement, db) => {
      const replaced = this.databases[db]!;
      replaced.live = false;
      replacement.index = db;
      this.databases[db] = replacement;
      for (const observer of this.observers) observer.flushed(replaced, replacement);
    });
    this.lastOffset = offset;
    this.replacements.next({ offset });
  }

  /** Registers iteration hooks; returns the function that removes them. */
  observe(observer: KeyspaceObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Stops the active expiry cycle, if any. */
  close(): void {
    this.stopActiveExpiry();
  }

  // ---- internals used by commands, sessions and iterations ----

  /** @internal */
  databaseAt(db: number): Database {
    const database = this.databases[db];
    if (database === undefined) throw ReplyErrors.dbIndexOutOfRange();
    return database;
  }

  /** @internal Lookup with lazy expiry: an expired key is deleted and a DEL propagated. */
  lookup(db: number, key: ByteString, now: number): Entry | undefined {
    const database = this.databaseAt(db);
    const entry = database.entries.get(key);
    if (entry === undefined || entry.expiresAt === null || entry.expiresAt >= now) return entry;
    // A replica hides an expired key; deleting it is the leader's call (its DEL will come).
    if (!this.replica) this.expireEntry(database, key);
    return undefined;
  }

  /** @internal Deletes an expired key and propagates the DEL, as Valkey's expiry does. */
  expireEntry(database: Database, key: ByteString): void {
    this.removeEntry(database, key);
    this.propagate(database.index, ['DEL', key], false);
  }

  /** @internal */
  prepareChange(database: Database, key: ByteString, entry: Entry): void {
    for (const observer of this.observers) observer.beforeChange(database, key, entry, false);
    if (entry.shared) {
      entry.value = cloneValue(entry.type, entry.value);
      entry.shared = false;
    }
    entry.epoch = this.currentEpoch;
  }

  /** @internal */
  insert<T extends ValueType>(database: Database, key: ByteString, type: T, value: ValueOfType[T]): Entry {
    const entry: Entry = { type, value, expiresAt: null, sequence: ++this.sequence, epoch: this.currentEpoch, shared: false };
    database.entries.set(key, entry);
    for (const observer of this.observers) observer.created(database, key, entry);
    return entry;
  }

  /** @internal */
  removeEntry(database: Database, key: ByteString): void {
    const entry = database.entries.get(key);
    if (entry === undefined) return;
    for (const observer of this.observers) observer.beforeChange(database, key, entry, true);
    database.entries.delete(key);
    if (entry.expiresAt !== null) database.volatileKeys.delete(key);
  }

  /** @internal Sets or clears an entry's expiry (announced with `prepareChange` or just inserted). */
  setEntryExpiry(database: Database, key: ByteString, entry: Entry, expiresAt: number | null): void {
    entry.expiresAt = expiresAt;
    if (expiresAt === null) database.volatileKeys.delete(key);
    else database.volatileKeys.add(key);
  }

  /** @internal */
  swapDatabases(first: number, second: number): void {
    const a = this.databaseAt(first);
    const b = this.databaseAt(second);
    this.databases[first] = b;
    this.databases[second] = a;
    b.index = first;
    a.index = second;
    for (const observer of this.observers) observer.swapped(first, second);
  }

  /** @internal Replaces the database with an empty one in O(1); iterations keep the old object. */
  flushDatabase(db: number): void {
    const replaced = this.databaseAt(db);
    const replacement = new Database(db);
    replaced.live = false;
    this.databases[db] = replacement;
    for (const observer of this.observers) observer.flushed(replaced, replacement);
  }

  /** @internal Runs one command (or queues it inside MULTI) and returns its reply; throws on error replies. */
  dispatch(argv: ByteString[], db: number, session: Session | null, replicated = false): Reply {
    const specification = findCommand(argv);
    if (session !== null && session.queueing(specification, argv)) return 'QUEUED';
    return this.runCommand(specification, argv, db, session, replicated);
  }

  /** @internal Runs a command that passed lookup and arity checks. */
  runCommand(specification: CommandSpecification, argv: ByteString[], db: number, session: Session | null, replicated = false): Reply {
    const now = this.clock();
    const expiryTime = replicated ? -Infinity : now;
    const isWrite = specification.flags.has('write');
    if (isWrite && this.replica && !replicated) throw new ReplyError("READONLY You can't write against a read only replica.");
    // Key specs parse db arguments leniently; an out-of-range db is the command's own error to report.
    const keys = specification.keys(argv, db).filter((reference) => reference.db < this.databases.length);
    // Lazy expiry of the command's keys first, so its DELs precede the command and the hooks
    // classify an expired key as missing, as Valkey's lookups do.
    for (const { db: keyDb, key } of keys) {
      // Only keys with a TTL can be expired: skip the lookup where a database has none.
      if (this.databases[keyDb]!.volatileKeys.size > 0) this.lookup(keyDb, key, expiryTime);
    }
    const pending: PendingCommand | null = isWrite ? { specification, argv, db, keys } : null;
    if (pending !== null) for (const observer of this.observers) observer.beforeCommand(pending);
    this.commandDepth++;
    try {
      const context = new CommandContext(this, argv, db, now, session, expiryTime);
      const reply = specification.run(context);
      if (isWrite && context.dirty > 0) {
        for (const propagated of context.propagation ?? [argv]) this.propagate(db, propagated, true);
      }
      return reply;
    } finally {
      this.commandDepth--;
      if (pending !== null) for (const observer of this.observers) observer.afterCommand();
    }
  }

  private propagate(db: number, argv: readonly ByteString[], fromCommand: boolean): void {
    const record: ReplicationRecord = { offset: ++this.lastOffset, db, argv: argv.map(toPortableArgument) };
    const inCommand = fromCommand && this.commandDepth > 0;
    for (const observer of this.observers) observer.propagated(record, inCommand);
    this.records.next(record);
  }
}
