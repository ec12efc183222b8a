import { stat } from 'node:fs/promises';
import { ForklessError, isForklessError } from '../errors.js';
import type { ValueType } from '../keyspace/Value.js';
import { readSnapshot } from './readSnapshot.js';
import type { SnapshotFooter } from './SnapshotFooter.js';
import type { SnapshotHeader } from './SnapshotHeader.js';

/** Key counts of one database, by type. */
export type TypeCounts = Record<ValueType, number>;

/** What {@link inspectSnapshot} found in a file. */
export interface SnapshotInspection {
  readonly path: string;
  /** File size in bytes (null if it cannot be read). */
  readonly fileBytes: number | null;
  /** Null when the header itself is unreadable. */
  readonly header: SnapshotHeader | null;
  /** Null unless the footer was reached and verified. */
  readonly footer: SnapshotFooter | null;
  /** Keys decoded (all of them when `valid`). */
  readonly keys: number;
  /** Keys that carry an expiry. */
  readonly volatileKeys: number;
  /** Counts per database index (only databases with keys) and type. */
  readonly databases: ReadonlyMap<number, TypeCounts>;
  /** `ok`: footer CRC32 matches; `mismatch`: it does not; `unverified`: the file failed before it. */
  readonly checksum: 'ok' | 'mismatch' | 'unverified';
  /** True when the whole file decoded and verified. */
  readonly valid: boolean;
  /** The first defect found, with its code and `details.offset`. */
  readonly error: ForklessError | null;
}

/**
 * Reads a whole snapshot file without loading it: header, key counts per database and type, and
 * whether it is valid (framing, records, counts, checksum). Never throws for a bad file; the defect
 * is reported in `error`.
 *
 * @example
 * ```ts
 * const report = await inspectSnapshot('dump.fkl');
 * if (!report.valid) console.error(report.error?.code, report.error?.details.offset);
 * ```
 */
export async function inspectSnapshot(path: string): Promise<SnapshotInspection> {
  const databases = new Map<number, TypeCounts>();
  let header: SnapshotHeader | null = null;
  let footer: SnapshotFooter | null = null;
  let keys = 0;
  let volatileKeys = 0;
  let error: ForklessError | null = null;
  try {
    for await (const part of readSnapshot(path)) {
      if (part.kind === 'header') header = part.header;
      else if (part.kind === 'footer') footer = part.footer;
      else {
        keys++;
        if (part.entry.expiresAt !== null) volatileKeys++;
        countsOf(databases, part.entry.db)[part.entry.type]++;
      }
    }
  } catch (caught) {
    error = caught instanceof ForklessError ? caught : new ForklessError('FORKLESS_ERR_SNAPSHOT_IO', String(caught));
  }
  const checksum = footer !== null ? 'ok' : isForklessError(error, 'FORKLESS_ERR_SNAPSHOT_CHECKSUM') ? 'mismatch' : 'unverified';
  const fileBytes = await stat(path).then(
    (stats) => stats.size,
    () => null,
  );
  return { path, fileBytes, header, footer, keys, volatileKeys, databases, checksum, valid: error === null, error };
}

function countsOf(databases: Map<number, TypeCounts>, db: number): TypeCounts {
  let counts = databases.get(db);
  if (counts === undefined) {
    counts = { string: 0, hash: 0, list: 0, set: 0, zset: 0 };
    databases.set(db, counts);
  }
  return counts;
}
