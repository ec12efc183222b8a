import type { ByteString } from './byteString.js';
import type { KeyReference } from './KeyReference.js';
import type { Database } from './Database.js';

/**
 * The records one execution unit propagated, by the offsets of its first and last: a command (with
 * the DELs of the keys it found expired, which precede it), a transaction's EXEC, an expired key's
 * DEL of its own. Redis 7.0 wraps a unit of more than one command in MULTI/EXEC on its stream.
 */
export interface ReplicationUnit {
  readonly first: number;
  readonly last: number;
}

/** A replication record: one write in its deterministic propagated form. */
export interface ReplicationRecord {
  /** Strictly increasing, one per propagated command. */
  readonly offset: number;
  readonly db: number;
  /** ASCII arguments as strings, anything else as bytes, so `execute(argv)` replays it exactly. */
  readonly argv: readonly (string | Uint8Array)[];
  /**
   * The unit it belongs to (one object shared by the unit's records; `first === last` for a unit
   * of one). Always set by a Keyspace; optional so records made elsewhere stay valid.
   */
  readonly unit?: ReplicationUnit;
}

/**
 * A write about to run: a command, the DEL of an expired key, a `restore` (not propagated) or a
 * `replaceWith` (every database at once).
 */
export interface WriteCommand {
  /** Lower-case command name: `del` for an expiry; `restore-entry` (`Keyspace.restore`) and `replacewith` are not commands. */
  readonly name: string;
  readonly argv: readonly ByteString[];
  readonly db: number;
  /** The keys it reads and writes (after lazy expiry of those keys). */
  readonly keys: readonly KeyReference[];
  /** It changes whole databases (FLUSHDB, FLUSHALL, SWAPDB, replaceWith). */
  readonly keyless: boolean;
}

/** How a key is about to change inside a write. */
export type KeyChange = 'update' | 'delete' | 'create';

/**
 * A participant in the keyspace's write path (an iteration): every write opens a scope, and the
 * scope calls its listeners in this order: `beginWrite` once, then `beforeKeyChange`, `swapped`,
 * `flushed` and `propagated` as the write proceeds, `endWrite` once; `settle` after the outermost
 * scope closed.
 *
 * What a listener decides about a write is the value `beginWrite` returns: the scope hands it back
 * to every later call for that write, so scopes can nest (a write inside a write) without any
 * shared per-command state. Listeners must not run commands from these hooks; anything that
 * reaches user code (emissions) waits for `settle`, where commands may run freely.
 */
export interface KeyspaceListener<Decision = unknown> {
  /** A write begins; returns this listener's decision about it. */
  beginWrite(write: WriteCommand): Decision;
  /** `key` of `database` is about to change (its current value is still in place). */
  beforeKeyChange(decision: Decision, database: Database, key: ByteString, change: KeyChange): void;
  /** Databases `first` and `second` were swapped (the objects now carry their new indices). */
  swapped(decision: Decision, first: number, second: number): void;
  /** `replaced` was flushed and `replacement` now stands at its index. */
  flushed(decision: Decision, replaced: Database, replacement: Database): void;
  /** The write propagated a record. */
  propagated(decision: Decision, record: ReplicationRecord): void;
  /** The write finished (or failed without effect); its changes are in place. */
  endWrite(decision: Decision): void;
  /** The outermost write finished: a safe point to hand captured items to user code. */
  settle(): void;
}
