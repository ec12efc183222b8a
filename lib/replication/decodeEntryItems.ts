import { utf8Slice } from '../keyspace/latin1.js';
import { MsgpackReader } from '../snapshot/MsgpackReader.js';
import { expectByteString } from './wireFields.js';
import { packedEntryItem, type WireItem } from './wireItem.js';

/** `['items', …` as msgpack: a fixarray of 2, then the fixstr `items`. */
const ITEMS_PREFIX = Buffer.from([0x92, 0xa5, ...Buffer.from('items')]);
const ENTRY = 0;
const PACKED_ENTRY = 4;
const STRING_TYPE = 0;

/**
 * The items of an `items` frame that holds only string entries and packed small collections (what
 * a full sync sends while no write interleaves), read straight from the frame's bytes: no
 * intermediate tuple per item, one string read per key and value. Undefined for any other frame
 * or shape, which the general decoder then reads or refuses.
 *
 * @example
 * ```ts
 * const items = decodeEntryItems(frame) ?? decodeWithMsgpack(frame);
 * ```
 */
export function decodeEntryItems(frame: Buffer): WireItem[] | undefined {
  if (frame.length <= ITEMS_PREFIX.length || frame.compare(ITEMS_PREFIX, 0, ITEMS_PREFIX.length, 0, ITEMS_PREFIX.length) !== 0) return undefined;
  const reader = new MsgpackReader(frame, ITEMS_PREFIX.length);
  const count = reader.arrayLength();
  if (count === undefined) return undefined;
  const items = new Array<WireItem>(count);
  for (let index = 0; index < count; index++) {
    const item = readEntry(frame, reader);
    if (item === undefined) return undefined;
    items[index] = item;
  }
  return reader.atEnd ? items : undefined;
}

function readEntry(frame: Buffer, reader: MsgpackReader): WireItem | undefined {
  const length = reader.arrayLength();
  const kind = reader.unsigned();
  const db = reader.unsigned();
  const key = byteString(frame, reader, 'entry key');
  if (db === undefined || key === undefined) return undefined;
  if (length === 6 && kind === ENTRY && reader.unsigned() === STRING_TYPE) {
    const value = byteString(frame, reader, 'entry value');
    const expiresAt = expiry(reader);
    return value === undefined || expiresAt === undefined ? undefined : { kind: 'entry', db, key, type: 'string', value, expiresAt };
  }
  if (length === 5 && kind === PACKED_ENTRY) {
    const data = byteString(frame, reader, 'packed value');
    const expiresAt = expiry(reader);
    return data === undefined || expiresAt === undefined ? undefined : packedEntryItem(db, key, data, expiresAt);
  }
  return undefined;
}

/** A str's UTF-8 bytes as a byte string (a protocol error if a char is above 0xFF), or undefined. */
function byteString(frame: Buffer, reader: MsgpackReader, field: string): string | undefined {
  const start = reader.strBytes();
  return start < 0 ? undefined : expectByteString(utf8Slice(frame, start, reader.position), field);
}

/** nil, or an expiry as msgpackr writes one: an unsigned integer below 2^32, else a float64. */
function expiry(reader: MsgpackReader): number | null | undefined {
  return reader.unsigned() ?? reader.expiry();
}
