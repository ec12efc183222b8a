import type { CommandItem, EntryItem, IterationItem, PackedEntryItem } from '../keyspace/IterationItem.js';
import { PackedCollection } from '../keyspace/PackedCollection.js';
import { packCollection } from '../keyspace/packCollection.js';
import { PackedCollectionBuilder } from '../keyspace/PackedCollectionBuilder.js';
import { valueLength, type Value, type ValueType } from '../keyspace/Value.js';
import type { ReplicationRecord } from '../keyspace/KeyspaceListener.js';
import { SortedSet } from '../keyspace/SortedSet.js';
import { expectArgv, expectArray, expectByteString, expectCount, expectExpiry, expectScore, protocolError } from './wireFields.js';

/** A full-sync item other than `complete` (which travels as its own message). */
export type SyncItem = Exclude<IterationItem, { kind: 'complete' }>;
/** A full-sync item as it travels: small collections packed, as both keyspaces store them. */
export type WireItem = SyncItem | PackedEntryItem;

const ENTRY = 0;
const COMMAND = 1;
const SWAPDB = 2;
const FLUSHDB = 3;
const PACKED_ENTRY = 4;
const TYPES: readonly ValueType[] = ['string', 'hash', 'list', 'set', 'zset'];
const TYPE_CODES: Readonly<Record<ValueType, number>> = { string: 0, hash: 1, list: 2, set: 3, zset: 4 };

/**
 * A value as msgpack-friendly data: byte strings travel as msgpack str (chars 0–255 round-trip
 * exactly through UTF-8), hashes and sorted sets as flat `[field, value, …]` / `[member, score, …]`
 * arrays, lists and sets as arrays.
 */
function encodeValue(type: ValueType, value: Value): unknown {
  switch (type) {
    case 'string':
    case 'list':
      return value;
    case 'set':
      return Array.from(value as Set<string>);
    case 'hash':
      return flatten((value as Map<string, string>).entries());
    case 'zset':
      return flatten((value as SortedSet).entries());
  }
}

function flatten(pairs: Iterable<readonly [string, unknown]>): unknown[] {
  const flat: unknown[] = [];
  for (const [first, second] of pairs) flat.push(first, second);
  return flat;
}

function decodeValue(type: ValueType, wire: unknown): Value {
  if (type === 'string') return expectByteString(wire, 'entry value');
  const elements = expectArray(wire, 'entry value');
  switch (type) {
    case 'list':
      return elements.map((element) => expectByteString(element, 'list element'));
    case 'set':
      return new Set(elements.map((element) => expectByteString(element, 'set member')));
    case 'hash':
      return new Map(pairs(elements, (value) => expectByteString(value, 'hash value')));
    case 'zset':
      return SortedSet.from(pairs(elements, (score) => expectScore(score, 'zset score')));
  }
}

function pairs<T>(flat: unknown[], second: (value: unknown) => T): [string, T][] {
  if (flat.length % 2 !== 0) throw protocolError('entry value must hold pairs');
  const result: [string, T][] = [];
  for (let index = 0; index < flat.length; index += 2) result.push([expectByteString(flat[index], 'pair key'), second(flat[index + 1])]);
  return result;
}

const checker = new PackedCollectionBuilder();

/**
 * An item as a wire tuple (see docs/protocol.md): a small collection travels packed, as one
 * byte string, the form the follower's keyspace stores it in.
 */
export function encodeItem(item: WireItem): unknown[] {
  switch (item.kind) {
    case 'entry': {
      const packed = packedForm(item);
      if (packed !== null) return [PACKED_ENTRY, item.db, item.key, packed.data, item.expiresAt];
      return [ENTRY, item.db, item.key, TYPE_CODES[item.type], encodeValue(item.type, item.value as Value), item.expiresAt];
    }
    case 'command':
      return [COMMAND, item.db, item.offset, item.argv];
    case 'swapdb':
      return [SWAPDB, item.db, item.other];
    case 'flushdb':
      return [FLUSHDB, item.db];
  }
}

function packedForm({ type, value }: EntryItem | PackedEntryItem): PackedCollection | null {
  if (type === 'string') return null;
  return value instanceof PackedCollection ? value : packCollection(type, value as Exclude<Value, string>);
}

/** The item a wire tuple stands for; a protocol error when anything is off. */
export function decodeItem(wire: unknown): WireItem {
  const tuple = expectArray(wire, 'item');
  switch (tuple[0]) {
    case PACKED_ENTRY: {
      if (tuple.length !== 5) throw protocolError('malformed packed entry item');
      const data = expectByteString(tuple[3], 'packed value');
      return packedEntryItem(expectCount(tuple[1], 'db'), expectByteString(tuple[2], 'entry key'), data, expectExpiry(tuple[4], 'expiresAt'));
    }
    case ENTRY: {
      const type = TYPES[expectCount(tuple[3], 'entry type')];
      if (type === undefined || tuple.length !== 6) throw protocolError('malformed entry item');
      const key = expectByteString(tuple[2], 'entry key');
      return { kind: 'entry', db: expectCount(tuple[1], 'db'), key, type, value: decodeValue(type, tuple[4]), expiresAt: expectExpiry(tuple[5], 'expiresAt') };
    }
    case COMMAND:
      if (tuple.length !== 4) throw protocolError('malformed command item');
      return { kind: 'command', db: expectCount(tuple[1], 'db'), offset: expectCount(tuple[2], 'offset'), argv: expectArgv(tuple[3], 'argv') } satisfies CommandItem;
    case SWAPDB:
      if (tuple.length !== 3) throw protocolError('malformed swapdb item');
      return { kind: 'swapdb', db: expectCount(tuple[1], 'db'), other: expectCount(tuple[2], 'other') };
    case FLUSHDB:
      if (tuple.length !== 2) throw protocolError('malformed flushdb item');
      // db -1 stands for FLUSHALL.
      return { kind: 'flushdb', db: tuple[1] === -1 ? -1 : expectCount(tuple[1], 'db') };
    default:
      throw protocolError('unknown item kind');
  }
}

/** The entry item of a packed collection's bytes as they arrived, checked (a protocol error if malformed). */
export function packedEntryItem(db: number, key: string, data: string, expiresAt: number | null): PackedEntryItem {
  const value = checker.check(data);
  if (value === null) throw protocolError('malformed packed value');
  return { kind: 'entry', db, key, type: value.type, value, expiresAt };
}

/** A replication record as a wire tuple `[offset, db, argv]`. */
export function encodeRecord(record: ReplicationRecord): unknown[] {
  return [record.offset, record.db, record.argv];
}

/** The record a wire tuple stands for; a protocol error when anything is off. */
export function decodeRecord(wire: unknown): ReplicationRecord {
  const tuple = expectArray(wire, 'record');
  if (tuple.length !== 3) throw protocolError('malformed record');
  return { offset: expectCount(tuple[0], 'offset'), db: expectCount(tuple[1], 'db'), argv: expectArgv(tuple[2], 'argv') };
}

/** Rough encoded size of an item or record, to cut batches into frames of bounded size. */
export function estimateBytes(item: WireItem | ReplicationRecord): number {
  if ('kind' in item && item.kind === 'entry') return 16 + item.key.length + estimateValueBytes(item);
  if ('argv' in item) return item.argv.reduce((sum, argument) => sum + 4 + argument.length, 16);
  return 8;
}

function estimateValueBytes({ type, value }: EntryItem | PackedEntryItem): number {
  if (type === 'string') return (value as string).length;
  if (value instanceof PackedCollection) return value.data.length;
  // Collections: sample-free estimate; only used to bound frame sizes, so 32 bytes per element is enough.
  return valueLength(type, value) * 32;
}
