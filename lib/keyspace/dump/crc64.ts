import { CRC64_INPUT_BYTES, CRC64_TABLE_BYTES, crc64Module } from './crc64Module.js';

/** Reflected form of the Jones polynomial 0xad93d23594c935a9, as Redis's crc64.c uses it. */
const POLY_HIGH = 0x95ac9329;
const POLY_LOW = 0xac4bc9b5;

/**
 * Slicing-by-8 tables, 64-bit entries stored as (low, high) uint32 pairs: entry `n` of table `k`
 * sits at `(k * 256 + n) * 2`. Table 0 is the byte-wise table; table k advances k more zero bytes.
 */
const TABLES = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(8 * 256 * 2);
  for (let byte = 0; byte < 256; byte++) {
    let low = byte;
    let high = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = low & 1;
      low = ((low >>> 1) | (high << 31)) >>> 0;
      high >>>= 1;
      if (carry) {
        low = (low ^ POLY_LOW) >>> 0;
        high = (high ^ POLY_HIGH) >>> 0;
      }
    }
    tables[byte * 2] = low;
    tables[byte * 2 + 1] = high;
  }
  for (let table = 1; table < 8; table++) {
    for (let byte = 0; byte < 256; byte++) {
      const previous = ((table - 1) * 256 + byte) * 2;
      const low = tables[previous]!;
      const high = tables[previous + 1]!;
      const index = (low & 0xff) * 2;
      tables[(table * 256 + byte) * 2] = (tables[index]! ^ ((low >>> 8) | (high << 24))) >>> 0;
      tables[(table * 256 + byte) * 2 + 1] = (tables[index + 1]! ^ (high >>> 8)) >>> 0;
    }
  }
  return tables;
}

/** Inputs at least this long are hashed by the WebAssembly module (below, copying in costs more than it saves). */
const MODULE_MIN_BYTES = 256;

/** The module's function and memory. */
interface Crc64Module {
  readonly crc: (crc: bigint, pointer: number, length: number) => bigint;
  readonly memory: Uint8Array;
}

/** Instantiated at the first long input; null where WebAssembly is unavailable (`node --jitless`). */
let module: Crc64Module | null | undefined;

/**
 * CRC-64 as Redis computes it for RDB files and DUMP payloads (Jones polynomial, reflected in and
 * out, running value starting at 0, no final xor; "CRC-64/REDIS"), continued from `previous`.
 * Slicing-by-8: long inputs in WebAssembly over 64-bit words (about twice as fast), short ones (and
 * all where WebAssembly is unavailable) in JS over 32-bit halves; no BigInt in either loop.
 *
 * @example
 * ```ts
 * crc64(Buffer.from('123456789')).toString(16); // 'e9c6d914c4b8d9ca'
 * crc64(second, crc64(first));                  // same as crc64 of both, concatenated
 * ```
 */
export function crc64(bytes: Uint8Array, previous = 0n): bigint {
  if (bytes.length < MODULE_MIN_BYTES) return crc64InJs(bytes, previous);
  if (module === undefined) module = instantiate();
  if (module === null) return crc64InJs(bytes, previous);
  const { crc, memory } = module;
  let value = previous;
  for (let start = 0; start < bytes.length; start += CRC64_INPUT_BYTES) {
    const piece = bytes.subarray(start, start + CRC64_INPUT_BYTES);
    memory.set(piece, CRC64_TABLE_BYTES);
    // i64 results arrive signed.
    value = BigInt.asUintN(64, crc(value, CRC64_TABLE_BYTES, piece.length));
  }
  return value;
}

function instantiate(): Crc64Module | null {
  if (typeof WebAssembly === 'undefined') return null;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(crc64Module()));
  const memory = new Uint8Array((exports.memory as WebAssembly.Memory).buffer);
  // The same tables, as the module reads them: entry n of table k is the u64 at (k * 256 + n) * 8.
  const view = new DataView(memory.buffer);
  TABLES.forEach((half, index) => view.setUint32(index * 4, half, true));
  return { crc: exports.crc as Crc64Module['crc'], memory };
}

function crc64InJs(bytes: Uint8Array, previous: bigint): bigint {
  const t = TABLES;
  let low = Number(previous & 0xffffffffn);
  let high = Number(previous >> 32n);
  let index = 0;
  const end = bytes.length;
  for (const blockEnd = end - 7; index < blockEnd; index += 8) {
    const a = (low ^ (bytes[index]! | (bytes[index + 1]! << 8) | (bytes[index + 2]! << 16) | (bytes[index + 3]! << 24))) >>> 0;
    const b = (high ^ (bytes[index + 4]! | (bytes[index + 5]! << 8) | (bytes[index + 6]! << 16) | (bytes[index + 7]! << 24))) >>> 0;
    const i7 = (7 * 256 + (a & 0xff)) * 2;
    const i6 = (6 * 256 + ((a >>> 8) & 0xff)) * 2;
    const i5 = (5 * 256 + ((a >>> 16) & 0xff)) * 2;
    const i4 = (4 * 256 + (a >>> 24)) * 2;
    const i3 = (3 * 256 + (b & 0xff)) * 2;
    const i2 = (2 * 256 + ((b >>> 8) & 0xff)) * 2;
    const i1 = (256 + ((b >>> 16) & 0xff)) * 2;
    const i0 = (b >>> 24) * 2;
    low = t[i7]! ^ t[i6]! ^ t[i5]! ^ t[i4]! ^ t[i3]! ^ t[i2]! ^ t[i1]! ^ t[i0]!;
    high = t[i7 + 1]! ^ t[i6 + 1]! ^ t[i5 + 1]! ^ t[i4 + 1]! ^ t[i3 + 1]! ^ t[i2 + 1]! ^ t[i1 + 1]! ^ t[i0 + 1]!;
  }
  for (; index < end; index++) {
    const entry = ((low ^ bytes[index]!) & 0xff) * 2;
    low = t[entry]! ^ ((low >>> 8) | (high << 24));
    high = t[entry + 1]! ^ (high >>> 8);
  }
  return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
}
