import type { SlotRange } from '../iteration/SlotRanges.js';
import type { ByteString } from '../keyspace/byteString.js';
import type { Keyspace } from '../keyspace/Keyspace.js';

/**
 * Deletes every key of the slots of `ranges` (that `accept` accepts) in every database, as `DEL`s
 * through the write path (so replicas and iterations see them), at most `limit` keys; returns how
 * many it deleted. Only slots holding keys are visited. Call it repeatedly (one call per
 * event-loop turn) to delete in the background.
 *
 * @example
 * ```ts
 * while (deleteSlotKeys(ks, [[0, 99]], 1000) > 0) await new Promise(setImmediate);
 * ```
 */
export function deleteSlotKeys(keyspace: Keyspace, ranges: readonly SlotRange[], limit = Infinity, accept: (slot: number) => boolean = () => true): number {
  let deleted = 0;
  keyspace.databases.forEach((database, db) => {
    for (const [start, end] of ranges) {
      for (let slot = database.nextSlot(start); slot <= end && deleted < limit; slot = database.nextSlot(slot + 1)) {
        if (!accept(slot)) continue;
        const batch: ByteString[] = [];
        for (const key of database.slot(slot)!.keys()) if (batch.push(key) >= Math.min(limit - deleted, 1000)) break;
        keyspace.execute(['DEL', ...asBytes(batch)], { db, replicated: true });
        deleted += batch.length;
      }
    }
  });
  return deleted;
}

/**
 * Byte strings as `execute` arguments: `execute` reads a JS string as UTF-8 text, which is the
 * same bytes for ASCII; anything else goes as a Buffer of its bytes.
 *
 * @example
 * ```ts
 * keyspace.execute(asBytes(['SET', 'k', '\xff'])); // the value is the single byte 0xff
 * ```
 */
export function asBytes(argv: readonly ByteString[]): (string | Buffer)[] {
  return argv.map((argument) => (NON_ASCII.test(argument) ? Buffer.from(argument, 'latin1') : argument));
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Stages the slots of `ranges` out of sight in every database (KEYS, SCAN, RANDOMKEY and DBSIZE
 * skip them; keys stay readable by key) or shows them again.
 *
 * @example
 * ```ts
 * setSlotsHidden(ks, [[0, 99]], true);  // importing
 * setSlotsHidden(ks, [[0, 99]], false); // owned
 * ```
 */
export function setSlotsHidden(keyspace: Keyspace, ranges: readonly SlotRange[], hidden: boolean): void {
  for (const database of keyspace.databases) {
    for (const [start, end] of ranges) {
      if (hidden) database.hideSlots(start, end);
      else database.revealSlots(start, end);
    }
  }
}

/**
 * Number of keys in a slot over all databases, hidden ones included, or in one database.
 *
 * @example
 * ```ts
 * countSlotKeys(ks, 866, 0); // CLUSTER COUNTKEYSINSLOT 866 in db 0
 * ```
 */
export function countSlotKeys(keyspace: Keyspace, slot: number, db?: number): number {
  const databases = db === undefined ? keyspace.databases : [keyspace.databases[db]!];
  return databases.reduce((sum, database) => sum + database.countInSlot(slot), 0);
}
