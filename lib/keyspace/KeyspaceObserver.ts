import type { ByteString } from './byteString.js';
import type { CommandSpecification, KeyReference } from './commandTable.js';
import type { Database } from './Database.js';
import type { Entry } from './Entry.js';

/** A replication record: one write in its deterministic propagated form. */
export interface ReplicationRecord {
  /** Strictly increasing, one per propagated command. */
  readonly offset: number;
  readonly db: number;
  /** ASCII arguments as strings, anything else as bytes, so `execute(argv)` replays it exactly. */
  readonly argv: readonly (string | Uint8Array)[];
}

/** A write command about to run, with its keys resolved. */
export interface PendingCommand {
  readonly specification: CommandSpecification;
  readonly argv: readonly ByteString[];
  readonly db: number;
  readonly keys: readonly KeyReference[];
}

/**
 * Synchronous hooks the keyspace calls on every write path; iterations implement them.
 *
 * All hooks run inside `execute` before or after the change they describe. They must not call
 * back into the keyspace's write paths and must never wait.
 */
export interface KeyspaceObserver {
  /** A write command is about to run (after lazy expiry of its keys). */
  beforeCommand(command: PendingCommand): void;
  /** An existing entry is about to change in place (`deleting` false) or be removed (true). */
  beforeChange(database: Database, key: ByteString, entry: Entry, deleting: boolean): void;
  /** A new entry was inserted. */
  created(database: Database, key: ByteString, entry: Entry): void;
  /** Databases `first` and `second` were swapped (the objects now carry their new indices). */
  swapped(first: number, second: number): void;
  /** `replaced` was flushed and `replacement` now stands at its index. */
  flushed(replaced: Database, replacement: Database): void;
  /** A record was propagated; `fromCommand` is false for expiry deletes outside a write command. */
  propagated(record: ReplicationRecord, fromCommand: boolean): void;
  /** The write command announced by `beforeCommand` finished (or failed without effect). */
  afterCommand(): void;
}
