import { Keyspace } from '../keyspace/Keyspace.js';
import { SlotOrderedAdoption } from '../keyspace/SlotOrderedAdoption.js';
import { RdbDecoder } from '../rdb/RdbDecoder.js';
import { readDecodedBatches } from './readSnapshot.js';
import { snapshotError } from './snapshotError.js';

/** Databases of a keyspace an RDB is loaded into when no target is given (Redis's default). */
const DEFAULT_DATABASES = 16;

/**
 * Loads a Redis RDB file (any version 1 to 12, every encoding Redis writes) the way
 * `loadSnapshot` loads its own format: streamed into a fresh keyspace, expired keys dropped, and
 * swapped into `into` (if given) only once the CRC-64 checked out, at the file's `repl-offset`
 * (0 without one). A database index the target does not have is `FORKLESS_ERR_SNAPSHOT_DATABASES`;
 * a key twice in one database `FORKLESS_ERR_SNAPSHOT_RECORD`; streams, modules and functions
 * `FORKLESS_ERR_SNAPSHOT_UNSUPPORTED_TYPE`.
 *
 * @example
 * ```ts
 * const ks = await loadRdbSnapshot('/var/lib/redis/dump.rdb');
 * ```
 */
export async function loadRdbSnapshot(path: string, into?: Keyspace): Promise<Keyspace> {
  const clock = into?.clock ?? Date.now;
  const databases = into?.databases.length ?? DEFAULT_DATABASES;
  const fresh = new Keyspace({ databases, clock });
  // Redis panics on a duplicated key; a loader must not let the second copy win silently.
  const adoption = new SlotOrderedAdoption(fresh, (at, db) => {
    throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `duplicate key in database ${db}`, at);
  });
  let offset = 0;
  for await (const parts of readDecodedBatches(path, new RdbDecoder({ databases }))) {
    const now = clock();
    for (const part of parts) {
      if (part.kind === 'key') {
        const { db, key, type, value, expiresAt } = part.entry;
        if (expiresAt === null || expiresAt >= now) adoption.add(db, key, type, value, expiresAt, part.offset);
      } else if (part.kind === 'aux' && part.key === 'repl-offset' && /^\d{1,15}$/.test(part.value)) offset = Number(part.value);
    }
  }
  adoption.flush();
  const target = into ?? new Keyspace({ databases, clock });
  target.replaceWith(fresh, offset);
  return target;
}
