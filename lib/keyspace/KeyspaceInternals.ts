import type { ByteString } from './byteString.js';
import type { Database } from './Database.js';
import type { EncodingOptions } from './EncodingOptions.js';
import type { Value } from './Value.js';
import type { StoredValue } from './StoredValue.js';
import type { WriteScope } from './WriteScope.js';

/**
 * The surface command implementations use; not part of the public API. Every change takes the
 * write scope of the command making it.
 */
export interface KeyspaceInternals {
  readonly databases: readonly Database[];
  /** Encoding thresholds (OBJECT ENCODING, HyperLogLog promotion), as CONFIG SET changes them. */
  readonly encoding: EncodingOptions;
  /** A node of a cluster: database 0 only, no SORT BY/GET patterns (Redis's `cluster_enabled`). */
  readonly clusterMode: boolean;
  databaseAt(db: number): Database;
  /** The live value of `key`, or undefined; an expired key is deleted (a DEL propagated) first. */
  lookup(db: number, key: ByteString, now: number): StoredValue | undefined;
  /** A stored value as a command reads it (a packed collection unpacked); never mutate it. */
  unpacked(stored: StoredValue): Value;
  /** Announces an in-place change of an existing key; returns its value, safe to mutate. */
  prepareChange(scope: WriteScope, database: Database, key: ByteString): Value;
  /** Stores a value under `key`: a new key, or a new value for an existing one (in place). */
  store(scope: WriteScope, database: Database, key: ByteString, value: Value): void;
  removeKey(scope: WriteScope, database: Database, key: ByteString): void;
  setKeyExpiry(scope: WriteScope, database: Database, key: ByteString, expiresAt: number | null): void;
  swapDatabases(scope: WriteScope, first: number, second: number): void;
  flushDatabase(scope: WriteScope, db: number): void;
}
