const M = 0xc6a4a7935bd1e995n;
const R = 47n;
const MASK = (1n << 64n) - 1n;

/**
 * MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit), endian-neutral as Redis's hyperloglog.c
 * has it: the element hash behind HyperLogLog registers.
 *
 * @example
 * ```ts
 * murmurHash64A(Buffer.from('hello'), 0xadc83b19); // a 64-bit bigint
 * ```
 */
export function murmurHash64A(data: Uint8Array, seed: number): bigint {
  const length = data.length;
  let h = (BigInt(seed) ^ ((BigInt(length) * M) & MASK)) & MASK;
  const blocks = length - (length & 7);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let offset = 0; offset < blocks; offset += 8) {
    let k = view.getBigUint64(offset, true);
    k = (k * M) & MASK;
    k ^= k >> R;
    k = (k * M) & MASK;
    h ^= k;
    h = (h * M) & MASK;
  }
  const tail = length & 7;
  if (tail > 0) {
    for (let index = tail - 1; index >= 0; index--) h ^= BigInt(data[blocks + index]!) << BigInt(8 * index);
    h = (h * M) & MASK;
  }
  h ^= h >> R;
  h = (h * M) & MASK;
  h ^= h >> R;
  return h;
}
