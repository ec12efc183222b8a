import { RdbWriter, type RdbDatabaseSize, type RdbHeader } from '../rdb/RdbWriter.js';
import type { SnapshotEncoder } from './SnapshotEncoder.js';

/**
 * Redis's RDB (version 9) as a {@link SnapshotEncoder}: the {@link RdbWriter}'s chunks go straight
 * to the file; `finish` writes EOF and the CRC-64, then makes the file durable.
 *
 * @example
 * ```ts
 * const encoder = rdbEncoder({ createdAt, replicationId: historyId, replicationOffset: offset }, sizes);
 * ```
 */
export function rdbEncoder(header: RdbHeader, databaseSizes: readonly RdbDatabaseSize[]): SnapshotEncoder {
  let writer: RdbWriter | null = null;
  const sizeOf = (db: number) => databaseSizes[db] ?? { keys: 0, expires: 0 };
  return {
    begin: (sink) => {
      writer = new RdbWriter((chunk) => sink.appendChunk(chunk), sizeOf);
      writer.begin(header);
    },
    entry: (item) => writer!.entry(item),
    finish: async (sink) => {
      writer!.end();
      await sink.finish();
    },
  };
}
