import { Packr, Unpackr } from 'msgpackr';
import { decodeEntryItems } from './decodeEntryItems.js';
import type { ReplicationMessage } from './ReplicationMessage.js';
import { decodeItem, decodeRecord, encodeItem, encodeRecord } from './wireItem.js';
import { expectArray, expectCount, expectIdentifier, protocolError } from './wireFields.js';

// Plain msgpack without record extensions: every frame decodes on its own, and no map keys are
// ever turned into object properties (msgpackr renames `__proto__`).
const packer = new Packr({ useRecords: false });
const unpacker = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

/** The message as a msgpack array `[type, …fields]`. */
function toTuple(message: ReplicationMessage): unknown[] {
  switch (message.type) {
    case 'hello':
      return ['hello', message.version, message.followerId, message.historyId, message.offset];
    case 'ack':
    case 'complete':
    case 'heartbeat':
      return [message.type, message.offset];
    case 'continue':
      return ['continue', message.historyId, message.offset];
    case 'full-sync':
      return ['full-sync', message.historyId, message.offset, message.keys];
    case 'items':
      return ['items', message.items.map(encodeItem)];
    case 'records':
      return ['records', message.records.map(encodeRecord)];
  }
}

/**
 * One message as one binary WebSocket frame.
 *
 * @example
 * ```ts
 * socket.send(encodeMessage({ type: 'ack', offset: 42 }));
 * ```
 */
export function encodeMessage(message: ReplicationMessage): Buffer {
  return packer.pack(toTuple(message));
}

function expectLength(tuple: unknown[], length: number): void {
  if (tuple.length !== length) throw protocolError(`${String(tuple[0])}: expected ${length - 1} fields, got ${tuple.length - 1}`);
}

function fromTuple(tuple: unknown[]): ReplicationMessage {
  const type = tuple[0];
  switch (type) {
    case 'hello': {
      expectLength(tuple, 5);
      const historyId = tuple[3] === null ? null : expectIdentifier(tuple[3], 'hello historyId');
      return {
        type,
        version: expectCount(tuple[1], 'hello version'),
        followerId: expectIdentifier(tuple[2], 'hello followerId'),
        historyId,
        offset: expectCount(tuple[4], 'hello offset'),
      };
    }
    case 'ack':
    case 'complete':
    case 'heartbeat':
      expectLength(tuple, 2);
      return { type, offset: expectCount(tuple[1], `${type} offset`) };
    case 'continue':
      expectLength(tuple, 3);
      return { type, historyId: expectIdentifier(tuple[1], 'continue historyId'), offset: expectCount(tuple[2], 'continue offset') };
    case 'full-sync':
      expectLength(tuple, 4);
      return {
        type,
        historyId: expectIdentifier(tuple[1], 'full-sync historyId'),
        offset: expectCount(tuple[2], 'full-sync offset'),
        keys: expectCount(tuple[3], 'full-sync keys'),
      };
    case 'items':
      expectLength(tuple, 2);
      return { type, items: expectArray(tuple[1], 'items').map(decodeItem) };
    case 'records':
      expectLength(tuple, 2);
      return { type, records: expectArray(tuple[1], 'records').map(decodeRecord) };
    default:
      throw protocolError(`unknown message type ${JSON.stringify(String(type)).slice(0, 40)}`);
  }
}

/**
 * Decodes and strictly validates one frame. A full sync's frames of string entries and packed
 * small collections are read straight from their bytes (`decodeEntryItems`), any other through
 * msgpackr: both read the same message the same way. Anything else than exactly one well-formed
 * message (truncated or trailing bytes, wrong types, unknown message) throws a
 * `FORKLESS_ERR_PROTOCOL` {@link ForklessError}.
 *
 * @example
 * ```ts
 * decodeMessage(encodeMessage({ type: 'ack', offset: 42 })); // { type: 'ack', offset: 42 }
 * ```
 */
export function decodeMessage(frame: Uint8Array): ReplicationMessage {
  const bytes = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  const items = decodeEntryItems(bytes);
  if (items !== undefined) return { type: 'items', items };
  let decoded: unknown;
  try {
    decoded = unpacker.unpack(frame);
  } catch (error) {
    throw protocolError(`undecodable frame: ${(error as Error).message}`.slice(0, 100));
  }
  return fromTuple(expectArray(decoded, 'message'));
}
