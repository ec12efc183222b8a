import { Unpackr } from 'msgpackr';
import type { StoredValue } from '../keyspace/StoredValue.js';
import type { ValueType } from '../keyspace/Value.js';
import { SortedSet } from '../keyspace/SortedSet.js';
import { PackedCollectionBuilder } from '../keyspace/PackedCollectionBuilder.js';
import { RecordKind, TYPES_BY_CODE } from './snapshotFormat.js';
import { snapshotError } from './snapshotError.js';
import { decodeSmallString } from './decodeSmallString.js';
import { decodeSmallCollection } from './decodeSmallCollection.js';
import { readKeyRecordHead } from './readKeyRecordHead.js';
import { MsgpackReader, UNREAD } from './MsgpackReader.js';

/** One key read back from a snapshot, in the keyspace's own representation. */
export interface SnapshotKey {
  /** Offset of the key's first record in the file. */
  readonly offset: number;
  readonly db: number;
  readonly key: string;
  readonly type: ValueType;
  /** A small collection is a `PackedCollection` when the decoder was asked to pack them. */
  readonly value: StoredValue;
  readonly expiresAt: number | null;
}

/** A key read whole from its one record. */
type WholeKey = Omit<SnapshotKey, 'offset'>;

/** A key whose records are still arriving. */
interface OpenKey {
  readonly offset: number;
  readonly db: number;
  readonly key: string;
  readonly type: ValueType;
  readonly expiresAt: number | null;
  readonly length: number;
  received: number;
  readonly parts: string[];
  readonly container: Map<string, string> | string[] | Set<string> | SortedSet | null;
}

/** Thrown inside `decode` and turned into a typed error with the record's offset. */
class MalformedRecord extends Error {}

/** Checks packed chunks read by the general path. */
const checker = new PackedCollectionBuilder();

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: 'number' });

/**
 * Turns record payloads back into keys: decodes each msgpack record, checks its shape strictly, and
 * joins a key's chunks. A key is returned once its declared length is complete; every violation is
 * a `FORKLESS_ERR_SNAPSHOT_RECORD` naming the record's byte offset, a key stored twice in one
 * database included (it keeps the set of key names seen for that).
 *
 * @example
 * ```ts
 * const assembler = new SnapshotKeyAssembler(header.databases);
 * const key = assembler.push(frame.bytes, frame.start, frame.end, frame.offset); // SnapshotKey or null (more chunks due)
 * assembler.finish(footerOffset); // throws if a key is left incomplete
 * ```
 */
export class SnapshotKeyAssembler {
  private open: OpenKey | null = null;
  /**
   * The keys of each database so far: a key stored twice makes the file corrupt. Null when the
   * caller checks that itself (a loader, against the keyspace it fills).
   */
  private readonly seen: Set<string>[] | null;
  /** Keys completed so far. */
  keys = 0;

  /**
   * @param checkDuplicates refuse a key stored twice (false: the caller checks that itself).
   * @param packSmallCollections read a small collection's record straight into the packed form
   *   the keyspace stores (a loader), instead of a container.
   * @param packedChunks whether a key record may carry a small collection's packed bytes as its
   *   chunk (format version 2 on).
   */
  constructor(
    private readonly databases: number,
    checkDuplicates = true,
    private readonly packSmallCollections = false,
    private readonly packedChunks = true,
  ) {
    this.seen = checkDuplicates ? Array.from({ length: databases }, () => new Set<string>()) : null;
  }

  /** Adds one record, the bytes `[start, end)` of `bytes`; returns the key it completes, if any. */
  push(bytes: Buffer, start: number, end: number, offset: number): SnapshotKey | null {
    try {
      if (this.open === null) {
        // One read of the head serves both: a collection's key is not read twice.
        const head = readKeyRecordHead(bytes, start, end);
        const whole =
          head === undefined
            ? undefined
            : (decodeSmallString(bytes, start, end, head) ?? (this.packSmallCollections ? decodeSmallCollection(bytes, start, end, head, this.packedChunks) : undefined));
        if (whole !== undefined) return this.wholeKey(whole, offset);
      }
      const record = unpackRecord(bytes, start, end);
      if (record[0] === RecordKind.key) return this.startKey(record, offset);
      if (record[0] === RecordKind.chunk && record.length === 2) this.addChunk(record[1]);
      else throw new MalformedRecord('unknown record kind');
      return this.completedKey();
    } catch (error) {
      const reason = error instanceof MalformedRecord ? error.message : `undecodable (${(error as Error).message})`;
      throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `malformed record: ${reason}`, offset);
    }
  }

  /** Checks that no key is left incomplete when the footer arrives. */
  finish(offset: number): void {
    if (this.open !== null) throw snapshotError('FORKLESS_ERR_SNAPSHOT_RECORD', `key ended before its ${this.open.length} elements`, offset);
  }

  private wholeKey({ db, key, type, value, expiresAt }: WholeKey, offset: number): SnapshotKey {
    if (db >= this.databases) throw new MalformedRecord(`database ${db} out of range`);
    this.checkUnique(db, key);
    this.keys++;
    return { offset, db, key, type, value, expiresAt };
  }

  private checkUnique(db: number, key: string): void {
    // A writer stores each key once (a point-in-time iteration presents each key once).
    const seen = this.seen?.[db];
    if (seen === undefined) return;
    if (seen.has(key)) throw new MalformedRecord(`duplicate key in database ${db}`);
    seen.add(key);
  }

  /** Starts a key from its key record; returns it if that record holds all of it. */
  private startKey(record: unknown[], offset: number): SnapshotKey | null {
    if (this.open !== null) throw new MalformedRecord('a key starts before the previous one is complete');
    const [, db, key, typeCode, expiresAt, length, chunk] = record;
    if (record.length !== 7) throw new MalformedRecord('key record must have 7 fields');
    if (!isIndex(db) || db >= this.databases) throw new MalformedRecord(`database ${String(db)} out of range`);
    if (typeof key !== 'string') throw new MalformedRecord('key is not binary');
    const type = isIndex(typeCode) ? TYPES_BY_CODE[typeCode] : undefined;
    if (type === undefined) throw new MalformedRecord(`unknown type code ${String(typeCode)}`);
    if (expiresAt !== null && !isIndex(expiresAt)) throw new MalformedRecord('expiry is not a time');
    if (!isIndex(length) || (length === 0 && type !== 'string')) throw new MalformedRecord(`bad length ${String(length)}`);
    this.checkUnique(db, key);
    if (type !== 'string' && typeof chunk === 'string') {
      const value = this.packedValue(type, length, chunk);
      this.keys++;
      return { offset, db, key, type, value, expiresAt };
    }
    this.open = { offset, db, key, type, expiresAt, length, received: 0, parts: [], container: createContainer(type) };
    this.addChunk(chunk);
    return this.completedKey();
  }

  /** A packed chunk checked as the keyspace needs it, packed or unpacked as this assembler returns them. */
  private packedValue(type: Exclude<ValueType, 'string'>, length: number, chunk: string): StoredValue {
    if (!this.packedChunks) throw new MalformedRecord('collection chunk is not an array (a packed chunk needs format version 2)');
    const packed = checker.check(chunk);
    if (packed === null || !checker.holds(type, length)) throw new MalformedRecord(`packed chunk is not a ${type} of ${length} entries`);
    return this.packSmallCollections ? packed : packed.unpack();
  }

  private addChunk(chunk: unknown): void {
    const open = this.open;
    if (open === null) throw new MalformedRecord('chunk without a key');
    const added = open.type === 'string' ? addStringPiece(open, chunk) : addElements(open, chunk);
    if (added === 0 && open.length > 0) throw new MalformedRecord('empty chunk');
    open.received += added;
    if (open.received > open.length) throw new MalformedRecord(`more than the declared ${open.length} elements`);
  }

  private completedKey(): SnapshotKey | null {
    const open = this.open;
    if (open === null || open.received < open.length) return null;
    this.open = null;
    this.keys++;
    const value = open.container ?? open.parts.join('');
    return { offset: open.offset, db: open.db, key: open.key, type: open.type, value, expiresAt: open.expiresAt };
  }
}

/**
 * A record as an array whose bins are byte strings: read in place when it uses only the subset the
 * encoder writes (no Buffer view per field), else by msgpackr, whose bins are then converted and
 * whose text (str) values are refused.
 */
function unpackRecord(bytes: Buffer, start: number, end: number): unknown[] {
  const reader = new MsgpackReader(bytes, start, end);
  const inPlace = reader.value();
  const record = inPlace !== UNREAD && reader.atEnd ? inPlace : binsAsText(unpackr.unpack(bytes.subarray(start, end)));
  if (!Array.isArray(record) || record.length === 0) throw new MalformedRecord('not a record array');
  return record;
}

function binsAsText(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'string') throw new MalformedRecord('text (str) where bytes (bin) are required');
  return Array.isArray(value) ? value.map(binsAsText) : value;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function createContainer(type: ValueType): OpenKey['container'] {
  switch (type) {
    case 'string':
      return null;
    case 'hash':
      return new Map();
    case 'list':
      return [];
    case 'set':
      return new Set();
    case 'zset':
      return new SortedSet();
  }
}

function addStringPiece(open: OpenKey, chunk: unknown): number {
  if (typeof chunk !== 'string') throw new MalformedRecord('string piece is not binary');
  open.parts.push(chunk);
  return chunk.length;
}

/** Adds a chunk's elements to the container; returns how many elements (members, fields) it held. */
function addElements(open: OpenKey, chunk: unknown): number {
  const container = open.container!;
  const sizeBefore = containerSize(container);
  const added = container instanceof SortedSet ? addScoredMembers(container, chunk) : addFlatElements(container, chunk);
  // Duplicates would silently shrink the value: a writer never produces them.
  if (containerSize(container) - sizeBefore !== added) throw new MalformedRecord('duplicate element');
  return added;
}

/** List and set chunks are flat arrays of elements, hash chunks flat field/value pairs. */
function addFlatElements(container: Map<string, string> | string[] | Set<string>, chunk: unknown): number {
  if (!Array.isArray(chunk)) throw new MalformedRecord('chunk is not an array');
  const pairs = container instanceof Map;
  if (pairs && chunk.length % 2 !== 0) throw new MalformedRecord('odd number of pair elements');
  for (let index = 0; index < chunk.length; index += pairs ? 2 : 1) {
    const element = binaryText(chunk[index]);
    if (container instanceof Map) container.set(element, binaryText(chunk[index + 1]));
    else if (container instanceof Set) container.add(element);
    else container.push(element);
  }
  return pairs ? chunk.length / 2 : chunk.length;
}

/** Sorted-set chunks are `[members, scores]`, scores as float64 LE bytes. */
function addScoredMembers(container: SortedSet, chunk: unknown): number {
  if (!Array.isArray(chunk) || chunk.length !== 2 || !Array.isArray(chunk[0]) || typeof chunk[1] !== 'string') {
    throw new MalformedRecord('sorted-set chunk is not [members, scores]');
  }
  const members = chunk[0] as unknown[];
  const scores = Buffer.from(chunk[1], 'latin1');
  if (scores.length !== members.length * 8) throw new MalformedRecord('score bytes do not match the member count');
  members.forEach((member, index) => {
    const score = scores.readDoubleLE(index * 8);
    if (Number.isNaN(score)) throw new MalformedRecord('score is not a number');
    container.set(binaryText(member), score);
  });
  return members.length;
}

function containerSize(container: OpenKey['container']): number {
  return Array.isArray(container) ? container.length : container!.size;
}

function binaryText(value: unknown): string {
  if (typeof value !== 'string') throw new MalformedRecord('element is not binary');
  return value;
}
