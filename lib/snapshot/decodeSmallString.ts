import { RecordKind, TYPE_CODES } from './snapshotFormat.js';

/** A small string key record, read in place. */
export interface SmallStringRecord {
  readonly db: number;
  readonly key: string;
  readonly value: string;
  readonly expiresAt: number | null;
}

/**
 * Reads the key record of a small string as {@link encodeSmallString} writes it (`[1, db, key,
 * type, expiresAt, length, value]`, key and value as bin), straight from the bytes: strings come
 * out with one latin1 read each, no msgpack decoder and no Buffer view per field. Returns
 * undefined for anything else (another shape, or a record the general decoder must judge), so the
 * caller falls back to it.
 *
 * @example
 * ```ts
 * const record = decodeSmallString(payload) ?? decodeWithMsgpack(payload);
 * ```
 */
export function decodeSmallString(payload: Buffer): SmallStringRecord | undefined {
  if (payload.length < 9 || payload[0] !== 0x97 || payload[1] !== RecordKind.key) return undefined;
  const reader = new PositionReader(payload, 2);
  const db = reader.unsigned();
  const key = reader.bin();
  if (db === undefined || key === undefined || payload[reader.position++] !== TYPE_CODES.string) return undefined;
  const expiresAt = reader.expiry();
  const length = reader.unsigned();
  const value = reader.bin();
  if (expiresAt === undefined || value === undefined || length !== value.length || reader.position !== payload.length) return undefined;
  return { db, key, value, expiresAt };
}

class PositionReader {
  constructor(
    private readonly bytes: Buffer,
    public position: number,
  ) {}

  unsigned(): number | undefined {
    const bytes = this.bytes;
    const marker = bytes[this.position];
    if (marker === undefined) return undefined;
    if (marker < 0x80) return this.advance(1, marker);
    if (marker === 0xcd && this.position + 3 <= bytes.length) return this.advance(3, bytes.readUInt16BE(this.position + 1));
    if (marker === 0xce && this.position + 5 <= bytes.length) return this.advance(5, bytes.readUInt32BE(this.position + 1));
    return undefined;
  }

  /** nil, or a float64 holding a non-negative safe integer (how the encoder writes times). */
  expiry(): number | null | undefined {
    const bytes = this.bytes;
    if (bytes[this.position] === 0xc0) return this.advance(1, null);
    if (bytes[this.position] !== 0xcb || this.position + 9 > bytes.length) return undefined;
    const time = bytes.readDoubleBE(this.position + 1);
    return Number.isSafeInteger(time) && time >= 0 ? this.advance(9, time) : undefined;
  }

  bin(): string | undefined {
    const bytes = this.bytes;
    const marker = bytes[this.position];
    let start: number;
    let length: number;
    if (marker === 0xc4 && this.position + 2 <= bytes.length) {
      length = bytes[this.position + 1]!;
      start = this.position + 2;
    } else if (marker === 0xc5 && this.position + 3 <= bytes.length) {
      length = bytes.readUInt16BE(this.position + 1);
      start = this.position + 3;
    } else return undefined;
    if (start + length > bytes.length) return undefined;
    this.position = start + length;
    return bytes.toString('latin1', start, start + length);
  }

  private advance<T>(count: number, value: T): T {
    this.position += count;
    return value;
  }
}
