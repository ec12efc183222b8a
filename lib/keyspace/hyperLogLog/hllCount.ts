import { HLL_DENSE, HLL_HEADER, HLL_P, HLL_Q, HLL_REGISTERS, denseGet, readOpcode } from './hllLayout.js';
import { murmurHash64A } from './murmurHash64A.js';

const SEED = 0xadc83b19;
// eslint-disable-next-line no-loss-of-precision -- Redis's constant, digit for digit (the double is the same)
const ALPHA_INF = 0.72134752044448170368;

/**
 * The register an element lands in and its run length ("000…1" pattern length, 1…51), as
 * `hllPatLen` computes them from MurmurHash64A with Redis's seed.
 *
 * @example
 * ```ts
 * patternLength(Buffer.from('a')); // { index: …, count: … }
 * ```
 */
export function patternLength(element: Uint8Array): { index: number; count: number } {
  let hash = murmurHash64A(element, SEED);
  const index = Number(hash & BigInt(HLL_REGISTERS - 1));
  hash >>= BigInt(HLL_P);
  hash |= 1n << BigInt(HLL_Q);
  let count = 1;
  while ((hash & 1n) === 0n) {
    count++;
    hash >>= 1n;
  }
  return { index, count };
}

/** The register values of a dense or sparse HLL as one byte each; null when a sparse one is corrupted. */
export function registersOf(bytes: Uint8Array): Uint8Array | null {
  const registers = new Uint8Array(HLL_REGISTERS);
  if (bytes[4] === HLL_DENSE) {
    for (let index = 0; index < HLL_REGISTERS; index++) registers[index] = denseGet(bytes, index);
    return registers;
  }
  let index = 0;
  for (let offset = HLL_HEADER; offset < bytes.length;) {
    const opcode = readOpcode(bytes, offset);
    if (opcode.kind === 'val') {
      if (index + opcode.length > HLL_REGISTERS) return null;
      registers.fill(opcode.value, index, index + opcode.length);
    }
    index += opcode.length;
    offset += opcode.size;
  }
  return index === HLL_REGISTERS ? registers : null;
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (previous !== z);
  return z / 3;
}

/**
 * The estimated cardinality of registers (Ertl's improved estimator, as Redis's `hllCount`).
 *
 * @example
 * ```ts
 * estimateCardinality(new Uint8Array(16384)); // 0
 * ```
 */
export function estimateCardinality(registers: Uint8Array): number {
  const histogram = new Array<number>(64).fill(0);
  for (const value of registers) histogram[value]!++;
  const m = HLL_REGISTERS;
  let z = m * tau((m - histogram[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histogram[j]!;
    z *= 0.5;
  }
  z += m * sigma(histogram[0]! / m);
  return Math.round((ALPHA_INF * m * m) / z);
}
