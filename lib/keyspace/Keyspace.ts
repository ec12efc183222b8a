import { Subject, type Observable } from 'rxjs';
import { Fanout } from './Fanout.js';
import { toByteString, toPortableArgument, type ByteString } from './byteString.js';
import { settleReply, type ReplyEncoding } from './settleReply.js';
import { CommandContext } from './CommandContext.js';
import type { CommandSpecification, Reply } from './commandTable.js';
import { findCommand } from './commands/findCommand.js';
import { Database } from './Database.js';
import { digestDatabases } from './digest.js';
import { cloneValue, isShared, markShared, typeOfValue, type Value } from './Value.js';
import { PackedCollection } from './PackedCollection.js';
import { isContainer, storedForm, typeOfStored, type StoredValue } from './StoredValue.js';
import { ForklessError } from '../errors.js';
import type { IterationItem, PackedEntryItem } from './IterationItem.js';
import type { KeyspaceListener, ReplicationRecord, WriteCommand } from './KeyspaceListener.js';
import type { KeyReference } from './KeyReference.js';
import { ReplyError, ReplyErrors } from './ReplyError.js';
import { Session } from './Session.js';
import { normalizeEncodingOptions, type EncodingOptions } from './EncodingOptions.js';
import { startActiveExpiry, type ActiveExpiryOptions } from './activeExpiry.js';
import { normalizeKeyspaceOptions } from './KeyspaceOptions.js';
import { WriteScope } from './WriteScope.js';

const NO_LISTENERS: readonly KeyspaceListener[] = [];

/** The write name of `restore` (not a command name: a client's RESTORE command propagates). */
export const RESTORE_ENTRY = 'restore-entry';

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
  /** Encoding thresholds (OBJECT ENCODING, HyperLogLog promotion); Redis 7.0's defaults. */
  encoding?: Partial<EncodingOptions>;
  /**
   * How many recently written small collections each database keeps unpacked (default 16): hot
   * keys skip packing and unpacking; 0 packs every small collection when its write ends.
   */
  unpackedCollections?: number;
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

/**
 * An embedded, Valkey-compatible in-memory keyspace with a replication stream.
 *
 * `execute` is synchronous and never waits for anything. Every write runs inside a write scope
 * that its listeners (iterations) see change by change; whatever reaches user code (iteration
 * items, `replication$` records) is delivered once the outermost write is over, so a subscriber
 * may run any command from inside `next`.
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
  private readonly records = new Fanout<ReplicationRecord>();
  /**
   * Write-path listeners. Never changed in place: observing or leaving replaces the array, so a
   * write scope (and `settle`) can hold it without a copy per write.
   */
  private listeners: readonly KeyspaceListener[] = NO_LISTENERS;
  private readonly undelivered: ReplicationRecord[] = [];
  private delivering = false;
  private depth = 0;
  private lastOffset = 0;
  /** The records propagated since the outermost write began (one unit, closed by settle). */
  private unit: { first: number; last: number } | null = null;
  private readonly stopActiveExpiry: () => void;
  private readonly replacements = new Subject<{ offset: number }>();
  /** Commands run so far: tells whether the last unpacked collection was unpacked by this one. */
  private commandsRun = 0;
  /** The last collection a read unpacked, its container (read-only) and the command it was for. */
  private lastPacked: PackedCollection | null = null;
  private lastUnpacked: Value | null = null;
  private lastUnpackedFor = -1;
  private readonly unpackedCollections: number;

  /**
   * A read-only replica, as a Valkey replica: client commands that write are refused with
   * `READONLY`; a read hides an expired key but never deletes it, and the active cycle skips it, so
   * keys go only when the leader's DEL arrives. `apply`, `restore`, `replaceWith` and
   * `execute(…, { replicated: true })` still write. A follower sets it while it follows.
   */
  replica: boolean;

  /**
   * A node of a cluster (Redis's `cluster_enabled`): database 0 only, so SELECT of another, MOVE,
   * SWAPDB and COPY … DB are refused, as are SORT's BY and GET patterns (they name keys of any
   * slot), with Redis 7.0's errors. Default false; a `ClusterNode` sets it while it runs.
   */
  clusterMode = false;

  /** Encoding thresholds, as CONFIG SET changes them (fields may be set after normalizing). */
  readonly encoding: EncodingOptions;

  /**
   * Emits after each `replaceWith`: the data was replaced wholesale (a loaded snapshot, a finished
   * full sync), so whoever replicates this keyspace must start a new history.
   */
  readonly replaced$: Observable<{ offset: number }> = this.replacements.asObservable();

  /** Every propagated write, in order, once the write (or transaction) that made it is over. */
  readonly replication$: Observable<ReplicationRecord> = this.records.observable;

  constructor(options: KeyspaceOptions = {}) {
    const settings = normalizeKeyspaceOptions(options);
    this.databases = Array.from({ length: settings.databases }, (_, index) => new Database(index));
    this.clock = settings.clock;
    this.replica = settings.replica;
    this.unpackedCollections = settings.unpackedCollections;
    this.encoding = normalizeEncodingOptions(settings.encoding as Partial<EncodingOptions> | undefined);
    this.stopActiveExpiry = settings.activeExpiry === false ? () => {} : startActiveExpiry(this, settings.activeExpiry);
  }

  /** Replication offset of the last propagated write (0 before any). */
  get offset(): number {
    return this.lastOffset;
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
    return this.databaseAt(db).size;
  }

  /**
   * Replica side of an iteration: an entry replaces its key, a command is executed in its
   * database, barriers and `complete` change nothing. `owned`: the entry's value was decoded for
   * this keyspace alone (see {@link adopt}). A packed entry is stored as it is.
   */
  apply(item: IterationItem | PackedEntryItem, owned = false): void {
    switch (item.kind) {
      case 'entry':
        this.adopt(item.db, item.key, item.type, item.value, item.expiresAt, !owned);
        return;
      case 'command':
        this.execute(item.argv, { db: item.db, replicated: true });
        return;
      default:
        return;
    }
  }

  /**
   * Writes a key with a value as a dump/restore would, without propagating. A small collection is
   * stored packed (a copy); a bigger container is shared, not copied: the keyspace clones it before
   * its first in-place change. Iterations of this keyspace see the change as any other write.
   */
  restore(db: number, key: ByteString, type: string, value: Value, expiresAt: number | null): void {
    this.adopt(db, key, type, value, expiresAt, true);
  }

  /**
   * @internal {@link restore} of a container nobody else holds (freshly decoded from a file or the
   * wire): the keyspace takes it over without a copy-on-write mark, so loads neither pay for the
   * mark nor make the collector track it. A small collection is stored packed either way.
   */
  adopt(db: number, key: ByteString, type: string, value: StoredValue, expiresAt: number | null, shared = false): void {
    const database = this.databaseAt(db);
    const stored = Keyspace.storedAs(type, value);
    if (shared && isContainer(stored)) markShared(stored);
    this.storeAdopted(database, db, key, stored, expiresAt);
  }

  /**
   * Stores an adopted value (in stored form, its type checked) with its expiry: directly, or
   * through a write scope while anyone listens.
   */
  private storeAdopted(database: Database, db: number, key: ByteString, stored: StoredValue, expiresAt: number | null): void {
    if (this.listeners.length === 0) {
      // Nobody watches the write path (a load, a follower's full sync): store directly.
      database.set(key, stored);
      database.setExpiry(key, expiresAt);
      return;
    }
    this.withScope({ name: RESTORE_ENTRY, argv: ['RESTORE', key], db, keys: [{ db, key, write: true }], keyless: false }, (scope) => {
      this.store(scope, database, key, stored);
      this.setKeyExpiry(scope, database, key, expiresAt);
    });
  }

  /**
   * @internal The form {@link adopt} stores `value` in (see `storedForm`), once its type is checked
   * against `type`. A loader that stages entries calls it while the value is fresh in cache.
   */
  static storedAs(type: string, value: StoredValue): StoredValue {
    if (typeOfStored(value) !== type) throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `restore: a ${typeOfStored(value)} value given as type ${type}`);
    return storedForm(value);
  }

  /**
   * @internal {@link adopt} of a value already in the form {@link storedAs} returned, under a key
   * whose slot the caller computed: while nobody watches the write path, the value itself is not
   * read again (a loader adopting a batch in slot order reaches entries decoded long before, out of
   * cache). True if the key is new; otherwise it was replaced.
   */
  adoptInSlot(db: number, slot: number, key: ByteString, stored: StoredValue, expiresAt: number | null): boolean {
    const database = this.databaseAt(db);
    if (this.listeners.length > 0) {
      const isNew = database.get(key) === undefined;
      this.storeAdopted(database, db, key, stored, expiresAt);
      return isNew;
    }
    const added = database.setInSlot(slot, key, stored);
    if (expiresAt !== null || !added) database.setExpiry(key, expiresAt);
    return added;
  }

  /**
   * Takes over all databases of `source` at once (a loaded snapshot, a finished full sync): readers
   * see either the old data or the new, never a mix. Running iterations see every database
   * replaced; replicating ones end with `FORKLESS_ERR_ITERATION_CLOSED`. `offset` (default:
   * unchanged) becomes this keyspace's replication offset, and `replaced$` emits. `source` must
   * not be used afterwards.
   */
  replaceWith(source: Keyspace, offset = this.lastOffset): void {
    if (source.databases.length !== this.databases.length) {
      throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `database count differs: ${source.databases.length} vs ${this.databases.length}`);
    }
    this.withScope({ name: 'replacewith', argv: [], db: 0, keys: [], keyless: true }, (scope) => {
      source.databases.forEach((replacement, db) => {
        const replaced = this.databases[db]!;
        replaced.live = false;
        replacement.index = db;
        this.databases[db] = replacement;
        scope.flushed(replaced, replacement);
      });
      this.lastOffset = offset;
    });
    this.replacements.next({ offset });
  }

  /** Registers a write-path listener (an iteration); returns the function that removes it. */
  observe(listener: KeyspaceListener): () => void {
    if (!this.listeners.includes(listener)) this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
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
  lookup(db: number, key: ByteString, now: number): StoredValue | undefined {
    const database = this.databaseAt(db);
    const value = database.get(key);
    if (value === undefined || database.expires.size === 0) return value;
    const expiresAt = database.expires.get(key);
    if (expiresAt === undefined || expiresAt >= now) return value;
    // A replica hides an expired key; deleting it is the leader's call (its DEL will come).
    if (!this.replica) this.expireKey(database, key);
    return undefined;
  }

  /**
   * @internal A stored value as a command reads it: a packed collection unpacked, the last one
   * kept, so that repeated reads of a hot key and a command's read-then-update unpack it once.
   */
  unpacked(stored: StoredValue): Value {
    if (typeof stored === 'string' || !(stored instanceof PackedCollection)) return stored;
    if (stored !== this.lastPacked) {
      this.lastPacked = stored;
      this.lastUnpacked = stored.unpack();
    }
    this.lastUnpackedFor = this.commandsRun;
    return this.lastUnpacked!;
  }

  /** @internal Deletes an expired key and propagates the DEL, as Valkey's expiry does: a write of its own. */
  expireKey(database: Database, key: ByteString): void {
    const db = database.index;
    const argv = ['DEL', key];
    this.withScope({ name: 'del', argv, db, keys: [{ db, key, write: true }], keyless: false }, (scope) => {
      this.removeKey(scope, database, key);
      this.propagate(scope, db, argv);
    });
  }

  /**
   * @internal The value of an existing key, ready to change in place: a packed collection is
   * unpacked (and packed again when the write is over), a shared container is copied first.
   */
  prepareChange(scope: WriteScope, database: Database, key: ByteString): Value {
    scope.keyChange(database, key, 'update');
    const stored = database.get(key)!;
    if (typeof stored === 'string') return stored;
    scope.collectionChanged(database, key);
    if (stored instanceof PackedCollection) return this.replaceStored(database, key, this.unpackedToChange(stored));
    return isShared(stored) ? this.replaceStored(database, key, cloneValue(typeOfValue(stored), stored)) : stored;
  }

  /** A packed collection unpacked for a write: this command's read copy if it made one (it is the command's own), else a new one. */
  private unpackedToChange(stored: PackedCollection): Value {
    const reusable = stored === this.lastPacked && this.lastUnpackedFor === this.commandsRun;
    const value = reusable ? this.lastUnpacked! : stored.unpack();
    if (stored === this.lastPacked) this.lastPacked = this.lastUnpacked = null;
    return value;
  }

  private replaceStored(database: Database, key: ByteString, value: Value): Value {
    database.set(key, value);
    return value;
  }

  /** @internal */
  store(scope: WriteScope, database: Database, key: ByteString, value: StoredValue): void {
    if (scope.listening) scope.keyChange(database, key, database.get(key) === undefined ? 'create' : 'update');
    else scope.changes++;
    if (isContainer(value)) scope.collectionChanged(database, key);
    database.set(key, value);
  }

  /** @internal */
  removeKey(scope: WriteScope, database: Database, key: ByteString): void {
    if (database.get(key) === undefined) return;
    scope.keyChange(database, key, 'delete');
    database.delete(key);
  }

  /** @internal Sets or clears the expiry of an existing key. */
  setKeyExpiry(scope: WriteScope, database: Database, key: ByteString, expiresAt: number | null): void {
    if ((expiresAt === null && database.expires.size === 0) || database.expiryOf(key) === expiresAt) return;
    scope.keyChange(database, key, 'update');
    database.setExpiry(key, expiresAt);
  }

  /** @internal */
  swapDatabases(scope: WriteScope, first: number, second: number): void {
    const a = this.databaseAt(first);
    const b = this.databaseAt(second);
    this.databases[first] = b;
    this.databases[second] = a;
    b.index = first;
    a.index = second;
    scope.swapped(first, second);
  }

  /** @internal Replaces the database with an empty one in O(1); iterations keep the old object. */
  flushDatabase(scope: WriteScope, db: number): void {
    const replaced = this.databaseAt(db);
    const replacement = new Database(db);
    replaced.live = false;
    this.databases[db] = replacement;
    scope.flushed(replaced, replacement);
  }

  /** @internal Runs one command (or queues it inside MULTI) and returns its reply; throws on error replies. */
  dispatch(argv: ByteString[], db: number, session: Session | null, replicated = false): Reply {
    const specification = findCommand(argv);
    if (session !== null && session.queueing(specification, argv)) return 'QUEUED';
    return this.runCommand(specification, argv, db, session, replicated);
  }

  /** @internal Runs a command that passed lookup and arity checks. */
  runCommand(specification: CommandSpecification, argv: ByteString[], db: number, session: Session | null, replicated = false): Reply {
    this.commandsRun++;
    const now = this.clock();
    const expiryTime = replicated ? -Infinity : now;
    const isWrite = specification.flags.has('write');
    if (isWrite && this.replica && !replicated) throw new ReplyError("READONLY You can't write against a read only replica.");
    // A may-replicate read (PFCOUNT) runs in a write scope and propagates when it changes data.
    if (!isWrite && !specification.flags.has('may-replicate')) {
      // A read's keys are all in its database: lazy expiry needs them only if that one has volatile keys.
      if (this.databases[db]!.expires.size > 0) this.expireKeysOf(specification.keys(argv, db), expiryTime);
      return specification.run(new CommandContext(this, null, argv, db, now, session, expiryTime));
    }
    const scope = this.openCommandScope(specification, argv, db, expiryTime);
    try {
      const context = new CommandContext(this, scope, argv, db, now, session, expiryTime);
      const reply = specification.run(context);
      if (scope.changes > 0) {
        const propagation = context.propagation;
        if (propagation === null) this.propagate(scope, db, argv);
        else for (const propagated of propagation) this.propagate(scope, db, propagated);
      }
      return reply;
    } finally {
      this.closeScope(scope);
    }
  }

  /**
   * Lazy expiry of a command's keys first, so their DELs precede the command and listeners see an
   * expired key as missing, as Valkey's lookups do. Returns the references within range (key specs
   * parse db arguments leniently; an out-of-range db is the command's own error to report).
   */
  private expireKeysOf(keys: KeyReference[], expiryTime: number): KeyReference[] {
    let valid = keys;
    for (const reference of keys) {
      const database = this.databases[reference.db];
      if (database === undefined) valid = keys.filter((each) => each.db < this.databases.length);
      else if (database.expires.size > 0) this.lookup(reference.db, reference.key, expiryTime);
    }
    return valid;
  }

  /** @internal */
  atomically<T>(body: () => T): T {
    this.depth++;
    try {
      return body();
    } finally {
      if (--this.depth === 0) this.settle();
    }
  }

  /**
   * A write command's scope, after the lazy expiry of its keys: their DELs settle with the command,
   * one unit, as Redis 7.0 propagates them (MULTI, the DELs, the command, EXEC).
   */
  private openCommandScope(specification: CommandSpecification, argv: ByteString[], db: number, expiryTime: number): WriteScope {
    this.depth++;
    try {
      const keys = this.expireKeysOf(specification.keys(argv, db), expiryTime);
      return this.openScope({ name: specification.name, argv, db, keys, keyless: specification.flags.has('keyless-write') });
    } finally {
      if (--this.depth === 0) this.settle();
    }
  }

  private withScope<T>(write: WriteCommand, body: (scope: WriteScope) => T): T {
    const scope = this.openScope(write);
    try {
      return body(scope);
    } finally {
      this.closeScope(scope);
    }
  }

  private openScope(write: WriteCommand): WriteScope {
    this.depth++;
    return new WriteScope(write, this.listeners);
  }

  private closeScope(scope: WriteScope): void {
    try {
      scope.settleChangedCollections(this.unpackedCollections);
      scope.end();
    } finally {
      if (--this.depth === 0) this.settle();
    }
  }

  private propagate(scope: WriteScope, db: number, argv: readonly ByteString[]): void {
    const offset = ++this.lastOffset;
    const unit = this.unit ?? (this.unit = { first: offset, last: offset });
    unit.last = offset;
    const record: ReplicationRecord = { offset, db, argv: argv.map(toPortableArgument), unit };
    scope.propagated(record);
    this.undelivered.push(record);
  }

  /** The outermost write is over: listeners deliver what they captured, then records go out, in order. */
  private settle(): void {
    this.unit = null;
    for (const listener of this.listeners) listener.settle();
    if (this.delivering || this.undelivered.length === 0) return;
    this.delivering = true;
    try {
      for (let record = this.undelivered.shift(); record !== undefined; record = this.undelivered.shift()) this.records.next(record);
    } finally {
      this.delivering = false;
    }
  }
}
