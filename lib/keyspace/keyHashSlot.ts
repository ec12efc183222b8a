import type { ByteString } from './byteString.js';

/** Number of hash slots, as in Redis Cluster. */
export const SLOT_COUNT = 16384;

/** CRC-16/XMODEM (polynomial 0x1021, init 0, no reflection), one table row per byte value. */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[byte] = crc & 0xffff;
  }
  return table;
})();

function crc16(key: ByteString, start: number, end: number): number {
  let crc = 0;
  for (let index = start; index < end; index++) crc = ((crc << 8) & 0xff00) ^ TABLE[((crc >> 8) ^ key.charCodeAt(index)) & 0xff]!;
  return crc;
}

/**
 * The hash slot of a key, exactly as Redis 7.0's `keyHashSlot`: CRC-16/XMODEM of the whole key,
 * or of the bytes between the first `{` and the first `}` after it when that tag is not empty.
 *
 * @example
 * ```ts
 * keyHashSlot('hello');                // 866
 * keyHashSlot('{user1000}.following'); // 3443, the slot of 'user1000'
 * keyHashSlot('foo{}{bar}');           // 8363: an empty tag hashes the whole key
 * ```
 */
export function keyHashSlot(key: ByteString): number {
  // A command looks its key up several times in a row: remember the last answer.
  if (key === lastKey) return lastSlot;
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  lastSlot = close > open + 1 ? crc16(key, open + 1, close) & (SLOT_COUNT - 1) : crc16(key, 0, key.length) & (SLOT_COUNT - 1);
  lastKey = key;
  return lastSlot;
}

let lastKey: ByteString | null = null;
let lastSlot = 0;
