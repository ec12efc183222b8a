import { dirname } from 'node:path';
import { keyHashSlot } from '../keyspace/keyHashSlot.js';
import { Keyspace } from '../keyspace/Keyspace.js';
import { detectSnapshotFormat } from './detectSnapshotFormat.js';
import { loadRdbSnapshot } from './loadRdbSnapshot.js';
import { invalidOption } from '../optionRules.js';
import { readDecodedBatches } from './readSnapshot.js';
import { SnapshotDecoder } from './SnapshotDecoder.js';
import type { SnapshotHeader } from './SnapshotHeader.js';
import { snapshotError } from './snapshotError.js';
import { removeStaleTemporaryFiles } from './temporaryFiles.js';

/**
 * Loads a snapshot file, forkless's `.fkl` or a Redis RDB (told apart by the magic; RDB details in
 * {@link loadRdbSnapshot}). The keys are decoded into a fresh keyspace while the file streams in; only
 * once the footer's checksum and counts are verified does `into` (if given) take the data over, with
 * the snapshot's T0 offset, through `into.replaceWith`, so `into` is untouched on any error. Keys
 * already expired by the clock (`into`'s, else `Date.now`) are dropped. Stale temporary files of
 * crashed saves in the file's directory are removed first.
 *
 * Errors: `FORKLESS_ERR_SNAPSHOT_TRUNCATED`, `_MAGIC`, `_VERSION`, `_HEADER`, `_CHECKSUM`,
 * `_RECORD`, `_UNSUPPORTED_TYPE` (RDB; each with `details.offset`), `_DATABASES` (the file has more
 * databases than `into`), `_IO` (a path that is not a regular file too); `FORKLESS_ERR_INVALID_OPTION`
 * when `into` is not a Keyspace.
 *
 * @example
 * ```ts
 * const ks = await loadSnapshot('dump.fkl');           // a new keyspace
 * await loadSnapshot('dump.fkl', running);             // or replace a live one at once
 * ```
 */
export async function loadSnapshot(path: string, into?: Keyspace): Promise<Keyspace> {
  if (into !== undefined && !(into instanceof Keyspace)) throw invalidOption('loadSnapshot', 'into', into, 'a Keyspace');
  await removeStaleTemporaryFiles(dirname(path));
  return (await detectSnapshotFormat(path)) === 'rdb' ? loadRdbSnapshot(path, into) : loadForklessSnapshot(path, into);
}

async function loadForklessSnapshot(path: string, into?: Keyspace): Promise<Keyspace> {
  const clock = into?.clock ?? Date.now;
  let fresh: Keyspace | null = null;
  let header: SnapshotHeader | null = null;
  // Duplicates are found against the keyspace being filled (no set of every name); expired keys
  // are not stored, so their names are kept aside (usually few).
  const expired = new Set<string>();
  for await (const parts of readDecodedBatches(path, new SnapshotDecoder({ checkDuplicates: false, packSmallCollections: true }))) {
    const now = clock();
    for (const part of parts) {
      if (part.kind === 'header') {
        header = part.header;
        fresh = new Keyspace({ databases: databaseCount(header, into), clock });
      } else if (part.kind === 'key') {
        const { offset, db, key, type, value, expiresAt } = part.entry;
        // One slot computation and one map write per key: adoptInSlot tells whether it was new.
        const live = expiresAt === null || expiresAt >= now;
        const isNew = live ? fresh!.adoptInSlot(db, keyHashSlot(key), key, Keyspace.storedAs(type, value), expiresAt) : fresh!.databases[db]!.get(key) === undefined;
        if (!isNew || (expired.size > 0 && expired.has(`${db}:${key}`))) {
          throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `malformed record: duplicate key in database ${db}`, offset);
        }
        if (!live) expired.add(`${db}:${key}`);
      }
    }
  }
  // readSnapshot only returns normally after the header and a verified footer.
  const target = into ?? new Keyspace({ databases: fresh!.databases.length, clock });
  target.replaceWith(fresh!, header!.offset);
  return target;
}

function databaseCount(header: SnapshotHeader, into: Keyspace | undefined): number {
  if (into === undefined) return header.databases;
  const available = into.databases.length;
  if (header.databases > available) {
    throw snapshotError('FORKLESS_ERR_SNAPSHOT_DATABASES', `the snapshot has ${header.databases} databases, the target keyspace ${available}`, 12);
  }
  return available;
}
