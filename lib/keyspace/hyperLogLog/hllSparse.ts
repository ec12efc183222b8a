import { HLL_DENSE, HLL_DENSE_SIZE, HLL_HEADER, HLL_REGISTERS, denseSet, readOpcode, valOpcode, zeroOpcode } from './hllLayout.js';

/** A new, empty HLL: sparse, one XZERO opcode covering every register, cached cardinality 0. */
export function createSparse(): Uint8Array {
  const bytes = new Uint8Array(HLL_HEADER + 2);
  bytes.set([0x48, 0x59, 0x4c, 0x4c, 1]); // 'HYLL', sparse
  bytes.set(zeroOpcode(HLL_REGISTERS), HLL_HEADER);
  return bytes;
}

/** The dense form of a sparse HLL (header and cached cardinality kept); null when corrupted. */
export function sparseToDense(sparse: Uint8Array): Uint8Array | null {
  const dense = new Uint8Array(HLL_DENSE_SIZE);
  dense.set(sparse.subarray(0, HLL_HEADER));
  dense[4] = HLL_DENSE;
  let index = 0;
  for (let offset = HLL_HEADER; offset < sparse.length;) {
    const opcode = readOpcode(sparse, offset);
    if (opcode.kind === 'val') {
      if (index + opcode.length > HLL_REGISTERS) break;
      for (let run = 0; run < opcode.length; run++) denseSet(dense, index++, opcode.value);
    } else index += opcode.length;
    offset += opcode.size;
  }
  return index === HLL_REGISTERS ? dense : null;
}

/** Finds the opcode covering register `index`: its offset, first register, and the previous opcode. */
function locate(bytes: Uint8Array, index: number): { offset: number; first: number; previous: number | null } | null {
  let first = 0;
  let previous: number | null = null;
  for (let offset = HLL_HEADER; offset < bytes.length;) {
    const { length, size } = readOpcode(bytes, offset);
    if (index <= first + length - 1) return { offset, first, previous };
    previous = offset;
    offset += size;
    first += length;
  }
  return null;
}

/** Merges adjacent VAL opcodes of equal value, scanning up to 5 opcodes from `start` (Redis's step 4). */
function mergeAdjacent(bytes: number[], start: number): void {
  let offset = start;
  for (let scans = 5; offset < bytes.length && scans > 0; scans--) {
    const opcode = readOpcode(Uint8Array.from(bytes.slice(offset, offset + 2)), 0);
    if (opcode.kind !== 'val') {
      offset += opcode.size;
      continue;
    }
    const next = offset + 1 < bytes.length ? readOpcode(Uint8Array.of(bytes[offset + 1]!), 0) : null;
    if (next?.kind === 'val' && next.value === opcode.value && opcode.length + next.length <= 4) {
      bytes.splice(offset, 2, valOpcode(opcode.value, opcode.length + next.length));
      continue;
    }
    offset++;
  }
}

/** The opcodes replacing the one covering `index` once that register is set to `count`. */
function splitOpcode(kind: 'zero' | 'xzero' | 'val', value: number, first: number, last: number, index: number, count: number): number[] {
  const before = index - first;
  const after = last - index;
  const filler = (length: number) => (kind === 'val' ? [valOpcode(value, length)] : zeroOpcode(length));
  return [...(before > 0 ? filler(before) : []), valOpcode(count, 1), ...(after > 0 ? filler(after) : [])];
}

/** What setting a sparse register did: nothing, an update (new bytes), or the dense form. */
export type SparseSetResult = { kind: 'unchanged' } | { kind: 'updated'; bytes: Uint8Array } | { kind: 'dense'; bytes: Uint8Array } | { kind: 'corrupted' };

/**
 * Raises register `index` to `count` in a sparse HLL exactly as Redis's `hllSparseSet` does
 * (opcode split, then merging adjacent VALs), promoting to dense when `count` exceeds 32 or the
 * string would grow past `maxBytes` (hll-sparse-max-bytes).
 */
export function sparseSet(sparse: Uint8Array, index: number, count: number, maxBytes: number): SparseSetResult {
  if (count > 32) return promote(sparse, index, count);
  const found = locate(sparse, index);
  if (found === null) return { kind: 'corrupted' };
  const { offset, first, previous } = found;
  const opcode = readOpcode(sparse, offset);
  if (opcode.kind === 'val' && opcode.value >= count) return { kind: 'unchanged' };
  const bytes = Array.from(sparse);
  if (opcode.length === 1 && opcode.kind !== 'xzero') {
    bytes[offset] = valOpcode(count, 1);
  } else {
    const replacement = splitOpcode(opcode.kind, opcode.value, first, first + opcode.length - 1, index, count);
    const growth = replacement.length - opcode.size;
    if (growth > 0 && sparse.length + growth > maxBytes) return promote(sparse, index, count);
    bytes.splice(offset, opcode.size, ...replacement);
  }
  mergeAdjacent(bytes, previous ?? HLL_HEADER);
  return { kind: 'updated', bytes: Uint8Array.from(bytes) };
}

function promote(sparse: Uint8Array, index: number, count: number): SparseSetResult {
  const dense = sparseToDense(sparse);
  if (dense === null) return { kind: 'corrupted' };
  denseSet(dense, index, count);
  return { kind: 'dense', bytes: dense };
}
