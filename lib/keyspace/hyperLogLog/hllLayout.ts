/**
 * Redis's HyperLogLog string layout (hyperloglog.c): a 16-byte header `HYLL`, encoding byte
 * (0 dense, 1 sparse), 3 unused bytes, 8 bytes of cached cardinality (little endian; the top bit of
 * the last byte set means "stale"), then 16384 registers of 6 bits (dense) or run-length opcodes
 * (sparse).
 */
export const HLL_HEADER = 16;
export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_DENSE_SIZE = HLL_HEADER + (HLL_REGISTERS * 6) / 8;
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;

/** The error Redis gives for a damaged HyperLogLog. */
export const CORRUPTED_HLL = 'INVALIDOBJ Corrupted HLL object detected';

/** Register `index` of a dense HLL (`bytes` holds the whole string). */
export function denseGet(bytes: Uint8Array, index: number): number {
  const byte = HLL_HEADER + ((index * 6) >> 3);
  const shift = (index * 6) & 7;
  const high = bytes[byte + 1] ?? 0;
  return ((bytes[byte]! >> shift) | (high << (8 - shift))) & 63;
}

/** Sets register `index` of a dense HLL to `value`. */
export function denseSet(bytes: Uint8Array, index: number, value: number): void {
  const byte = HLL_HEADER + ((index * 6) >> 3);
  const shift = (index * 6) & 7;
  bytes[byte] = (bytes[byte]! & ~(63 << shift)) | ((value << shift) & 0xff);
  if (byte + 1 < bytes.length) bytes[byte + 1] = (bytes[byte + 1]! & ~(63 >> (8 - shift))) | (value >> (8 - shift));
}

/** Marks the cached cardinality stale. */
export function invalidateCache(bytes: Uint8Array): void {
  bytes[15] = bytes[15]! | 0x80;
}

/** The cached cardinality, or null when stale. */
export function cachedCardinality(bytes: Uint8Array): number | null {
  if ((bytes[15]! & 0x80) !== 0) return null;
  return Number(Buffer.from(bytes.buffer, bytes.byteOffset + 8, 8).readBigUInt64LE(0));
}

/** Stores `cardinality` as the (valid) cached cardinality. */
export function cacheCardinality(bytes: Uint8Array, cardinality: number): void {
  Buffer.from(bytes.buffer, bytes.byteOffset + 8, 8).writeBigUInt64LE(BigInt(cardinality), 0);
}

/** One sparse opcode: ZERO (1 byte, 1–64 zero registers), XZERO (2 bytes, up to 16384) or VAL. */
export interface SparseOpcode {
  readonly kind: 'zero' | 'xzero' | 'val';
  readonly length: number;
  readonly value: number;
  /** Bytes the opcode takes. */
  readonly size: number;
}

/** Decodes the opcode at `offset`. */
export function readOpcode(bytes: Uint8Array, offset: number): SparseOpcode {
  const byte = bytes[offset]!;
  if ((byte & 0xc0) === 0) return { kind: 'zero', length: (byte & 0x3f) + 1, value: 0, size: 1 };
  if ((byte & 0xc0) === 0x40) return { kind: 'xzero', length: (((byte & 0x3f) << 8) | (bytes[offset + 1] ?? 0)) + 1, value: 0, size: 2 };
  return { kind: 'val', length: (byte & 3) + 1, value: ((byte >> 2) & 0x1f) + 1, size: 1 };
}

/** Encodes zero registers as ZERO (≤ 64) or XZERO. */
export function zeroOpcode(length: number): number[] {
  if (length <= 64) return [length - 1];
  return [((length - 1) >> 8) | 0x40, (length - 1) & 0xff];
}

/** Encodes a VAL opcode: `length` (1–4) registers of `value` (1–32). */
export function valOpcode(value: number, length: number): number {
  return ((value - 1) << 2) | (length - 1) | 0x80;
}
