import { MsgpackWriter } from './MsgpackWriter.js';
import type { ByteString } from '../keyspace/byteString.js';
import { valueLength, type Value, type ValueType } from '../keyspace/Value.js';
import type { SortedSet } from '../keyspace/SortedSet.js';
import { CHUNK_MAX_BYTES, CHUNK_MAX_ELEMENTS, RecordKind, TYPE_CODES } from './snapshotFormat.js';

/** The parts of an entry a snapshot stores. */
export interface EncodableEntry {
  readonly db: number;
  readonly key: ByteString;
  readonly type: ValueType;
  readonly value: Value;
  readonly expiresAt: number | null;
}

/** Reused across records: each record is copied out of it whole. */
const writer = new MsgpackWriter(CHUNK_MAX_BYTES + 1024);

/**
 * The records of one entry: a key record holding the first chunk, then chunk records, each a
 * plain msgpack array written in place (no encoder, no Buffer per element).
 *
 * @example
 * ```ts
 * for (const payload of encodeEntryRecords(entry)) sink.appendRecord(payload);
 * ```
 */
export function* encodeEntryRecords(entry: EncodableEntry): Generator<Buffer, void, undefined> {
  let first = true;
  for (const writeChunk of chunksOf(entry.type, entry.value)) {
    if (first) {
      writer.array(7).unsigned(RecordKind.key).unsigned(entry.db).bin(entry.key).unsigned(TYPE_CODES[entry.type]);
      if (entry.expiresAt === null) writer.nil();
      else writer.float64(entry.expiresAt);
      writer.unsigned(lengthOf(entry.type, entry.value));
    } else writer.array(2).unsigned(RecordKind.chunk);
    writeChunk(writer);
    yield writer.take();
    first = false;
  }
}

function lengthOf(type: ValueType, value: Value): number {
  return type === 'string' ? (value as string).length : valueLength(type, value);
}

/** A chunk, as a function that writes it: a string piece as bin, elements as an array of bins. */
type ChunkWriter = (writer: MsgpackWriter) => void;

function chunksOf(type: ValueType, value: Value): Iterable<ChunkWriter> {
  switch (type) {
    case 'string':
      return stringPieces(value as string);
    case 'list':
    case 'set':
      return elementChunks([...(value as Iterable<string>)], 1);
    case 'hash':
      return elementChunks(flatPairs(value as Map<string, string>), 2);
    case 'zset':
      return zsetChunks(value as SortedSet);
  }
}

function flatPairs(hash: Map<string, string>): string[] {
  const flat: string[] = [];
  for (const [field, item] of hash) flat.push(field, item);
  return flat;
}

function* stringPieces(value: string): Generator<ChunkWriter> {
  if (value.length === 0) yield (writer) => writer.bin('');
  for (let start = 0; start < value.length; start += CHUNK_MAX_BYTES) {
    yield (writer) => writer.bin(value.slice(start, start + CHUNK_MAX_BYTES));
  }
}

/** Chunks of at most CHUNK_MAX_ELEMENTS elements (of `width` strings each) or about CHUNK_MAX_BYTES. */
function* chunkBounds(strings: readonly string[], width: number): Generator<[number, number]> {
  for (let start = 0; start < strings.length;) {
    let end = start;
    let bytes = 0;
    while (end < strings.length && (end - start) / width < CHUNK_MAX_ELEMENTS && bytes < CHUNK_MAX_BYTES) {
      for (let index = 0; index < width; index++) bytes += strings[end + index]!.length;
      end += width;
    }
    yield [start, end];
    start = end;
  }
}

function* elementChunks(strings: readonly string[], width: number): Generator<ChunkWriter> {
  for (const [start, end] of chunkBounds(strings, width)) {
    yield (writer) => {
      writer.array(end - start);
      for (let index = start; index < end; index++) writer.bin(strings[index]!);
    };
  }
}

function* zsetChunks(value: SortedSet): Generator<ChunkWriter> {
  const entries = [...value.entries()];
  const members = entries.map(([member]) => member);
  for (const [start, end] of chunkBounds(members, 1)) {
    yield (writer) => {
      writer.array(2).array(end - start);
      for (let index = start; index < end; index++) writer.bin(members[index]!);
      writer.binWith((end - start) * 8, (target, offset) => {
        for (let index = start; index < end; index++) target.writeDoubleLE(entries[index]![1], offset + (index - start) * 8);
      });
    };
  }
}
