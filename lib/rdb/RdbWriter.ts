import type { EntryItem, PackedEntryItem } from '../keyspace/IterationItem.js';
import { crc64 } from '../keyspace/dump/crc64.js';
import { isSmallRdbValue, rdbValueSteps, writePackedRdbValue, writeRdbValue } from '../keyspace/dump/encodeRdbValue.js';
import { PackedCollection } from '../keyspace/PackedCollection.js';
import { RdbOutput } from '../keyspace/dump/RdbOutput.js';
import { RDB_WRITE_VERSION } from '../keyspace/dump/rdbTypes.js';
import { RDB_MAGIC, RdbOpcode } from './rdbFormat.js';

/** What the AUX fields of an RDB file record. */
export interface RdbHeader {
  /** Creation time, ms since the epoch (written as `ctime` in seconds). */
  readonly createdAt: number;
  /** 40-character replication id (`repl-id`). */
  readonly replicationId: string;
  /** Replication offset the data corresponds to (`repl-offset`). */
  readonly replicationOffset: number;
  /** `redis-ver` (default '7.0.15': the Redis whose semantics the keyspace follows). */
  readonly redisVersion?: string;
  /** `used-mem`, bytes (default: this process's heap in use). */
  readonly usedMemory?: number;
  /** `repl-stream-db`: the database a replica's stream starts in (default 0). */
  readonly streamDb?: number;
}

/** Key counts a RESIZEDB hint carries for one database. */
export interface RdbDatabaseSize {
  readonly keys: number;
  readonly expires: number;
}

/**
 * Incremental RDB (version 9) encoder: `begin` writes the magic and AUX fields, `entry` one key
 * (SELECTDB, and RESIZEDB the first time a database appears, when the db changes; EXPIRETIME_MS;
 * the plain value types), `end` the EOF opcode and the CRC-64 of everything before. Output arrives
 * at `emit` in chunks of up to 64 KiB that the receiver may keep; `$EOF:` framing for replication
 * is the caller's. Keys may come from any database in any order (a consistent iteration's writes
 * present keys ahead of the cursor): SELECTDB is repeated as needed, which Redis accepts.
 *
 * @example
 * ```ts
 * const writer = new RdbWriter((chunk) => socket.write(chunk), (db) => ({ keys: ks.dbsize(db), expires: 0 }));
 * writer.begin({ createdAt: Date.now(), replicationId, replicationOffset: ks.offset });
 * for (const item of entries) for (const _ of writer.entry(item) ?? []);
 * writer.end();
 * ```
 */
export class RdbWriter {
  /** Bytes emitted so far. */
  bytesWritten = 0;
  private readonly out: RdbOutput;
  private checksum = 0n;
  private db = -1;
  private readonly sized = new Set<number>();

  constructor(
    private readonly emit: (chunk: Buffer) => void,
    private readonly sizeOf: ((db: number) => RdbDatabaseSize) | null = null,
  ) {
    this.out = new RdbOutput((chunk) => this.forward(chunk));
  }

  /** Magic, version and the AUX fields, in Redis's order. */
  begin(header: RdbHeader): void {
    this.out.bytes(RDB_MAGIC);
    this.out.bytes(Buffer.from(String(RDB_WRITE_VERSION).padStart(4, '0'), 'latin1'));
    this.aux('redis-ver', header.redisVersion ?? '7.0.15');
    this.aux('redis-bits', '64');
    this.aux('ctime', String(Math.floor(header.createdAt / 1000)));
    this.aux('used-mem', String(header.usedMemory ?? process.memoryUsage().heapUsed));
    this.aux('repl-stream-db', String(header.streamDb ?? 0));
    this.aux('repl-id', header.replicationId);
    this.aux('repl-offset', String(header.replicationOffset));
    this.aux('aof-base', '0');
  }

  /**
   * Writes one key. Strings and collections of up to ~1000 elements are written at once (null); a
   * larger collection returns an iterator whose steps each write ~1000 elements, so the caller can
   * pause in between (drain, yield).
   */
  entry(item: EntryItem | PackedEntryItem): Iterator<void> | null {
    if (item.db !== this.db) this.selectDb(item.db);
    if (item.expiresAt !== null) {
      this.out.byte(RdbOpcode.expireTimeMs);
      this.out.millisecondTime(item.expiresAt);
    }
    if (item.value instanceof PackedCollection) {
      writePackedRdbValue(this.out, item.value, item.key);
      return null;
    }
    if (!isSmallRdbValue(item.type, item.value)) return rdbValueSteps(this.out, item.type, item.value, item.key);
    writeRdbValue(this.out, item.type, item.value, item.key);
    return null;
  }

  /** Writes one key at once, however large. */
  writeEntry(item: EntryItem | PackedEntryItem): void {
    const steps = this.entry(item);
    if (steps !== null) while (steps.next().done !== true);
  }

  /** EOF opcode and CRC-64; everything is emitted when this returns. */
  end(): void {
    this.out.byte(RdbOpcode.eof);
    this.out.flush();
    const footer = Buffer.allocUnsafe(8);
    footer.writeBigUInt64LE(this.checksum);
    this.emit(footer);
    this.bytesWritten += footer.length;
  }

  private selectDb(db: number): void {
    this.out.byte(RdbOpcode.selectDb);
    this.out.length(db);
    this.db = db;
    if (this.sizeOf === null || this.sized.has(db)) return;
    this.sized.add(db);
    const { keys, expires } = this.sizeOf(db);
    this.out.byte(RdbOpcode.resizeDb);
    this.out.length(keys);
    this.out.length(expires);
  }

  private aux(key: string, value: string): void {
    this.out.byte(RdbOpcode.aux);
    this.out.string(key);
    this.out.string(value);
  }

  private forward(chunk: Buffer): void {
    this.checksum = crc64(chunk, this.checksum);
    this.bytesWritten += chunk.length;
    this.emit(chunk);
  }
}
