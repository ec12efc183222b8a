/** Where the eight slicing tables sit in the module's memory (8 × 256 little-endian u64). */
export const CRC64_TABLE_BYTES = 8 * 256 * 8;

/** Bytes one call hashes at most: the input is copied in behind the tables. */
export const CRC64_INPUT_BYTES = 1024 * 1024;

const PAGE_BYTES = 65536;
const PAGES = Math.ceil((CRC64_TABLE_BYTES + CRC64_INPUT_BYTES) / PAGE_BYTES);

/** The instructions used, by their WebAssembly opcode. */
const Op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i64Load: 0x29,
  i64Load8u: 0x31,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  i64And: 0x83,
  i64Xor: 0x85,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
} as const;
const VOID = 0x40;
const I32 = 0x7f;
const I64 = 0x7e;

/** Locals: the three parameters, then one scratch i64. */
const CRC = 0;
const POINTER = 1;
const LENGTH = 2;
const WORD = 3;

/**
 * Unsigned LEB128 (section sizes, counts, memory offsets). The signed constants of the code are
 * written as bytes: below 64 they are one byte, and 0xff is `0xff 0x01`.
 */
function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    const low = value & 0x7f;
    value >>>= 7;
    bytes.push(value === 0 ? low : low | 0x80);
  } while (value !== 0);
  return bytes;
}

/** `i64.load` of the table entry whose byte index is on the stack as an i64 (0–255): table `table`. */
function tableEntry(table: number): number[] {
  return [Op.i32WrapI64, Op.i32Const, 3, Op.i32Shl, Op.i64Load, 3, ...leb(table * 256 * 8)];
}

/** `crc = T7[w & 0xff] ^ T6[(w >> 8) & 0xff] ^ … ^ T0[w >> 56]` for `w = crc ^ load64(pointer)`. */
function eightBytes(): number[] {
  const code = [Op.localGet, CRC, Op.localGet, POINTER, Op.i64Load, 3, 0, Op.i64Xor, Op.localSet, WORD];
  for (let byte = 0; byte < 8; byte++) {
    code.push(Op.localGet, WORD);
    if (byte > 0) code.push(Op.i64Const, 8 * byte, Op.i64ShrU);
    if (byte < 7) code.push(Op.i64Const, 0xff, 0x01, Op.i64And);
    code.push(...tableEntry(7 - byte));
    if (byte > 0) code.push(Op.i64Xor);
  }
  return [...code, Op.localSet, CRC];
}

/** `crc = T0[(crc ^ load8(pointer)) & 0xff] ^ (crc >> 8)`. */
function oneByte(): number[] {
  const index = [Op.localGet, CRC, Op.localGet, POINTER, Op.i64Load8u, 0, 0, Op.i64Xor, Op.i64Const, 0xff, 0x01, Op.i64And];
  return [...index, ...tableEntry(0), Op.localGet, CRC, Op.i64Const, 8, Op.i64ShrU, Op.i64Xor, Op.localSet, CRC];
}

/** `pointer += step; length -= step`. */
function advance(step: number): number[] {
  return [Op.localGet, POINTER, Op.i32Const, step, Op.i32Add, Op.localSet, POINTER, Op.localGet, LENGTH, Op.i32Const, step, Op.i32Sub, Op.localSet, LENGTH];
}

/** `while (length >= 8) { eightBytes } while (length > 0) { oneByte }; return crc`. */
function body(): number[] {
  const wide = [Op.block, VOID, Op.loop, VOID, Op.localGet, LENGTH, Op.i32Const, 8, Op.i32LtU, Op.brIf, 1, ...eightBytes(), ...advance(8), Op.br, 0, Op.end, Op.end];
  const narrow = [Op.block, VOID, Op.loop, VOID, Op.localGet, LENGTH, Op.i32Eqz, Op.brIf, 1, ...oneByte(), ...advance(1), Op.br, 0, Op.end, Op.end];
  const code = [1, 1, I64, ...wide, ...narrow, Op.localGet, CRC, Op.end]; // one local group: 1 × i64
  return [...leb(code.length), ...code];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function name(text: string): number[] {
  return [text.length, ...Buffer.from(text, 'latin1')];
}

/**
 * The bytes of a WebAssembly module with one function, `crc(crc: i64, pointer: i32, length: i32):
 * i64`: CRC-64 slicing-by-8 over `length` bytes of its exported `memory` at `pointer`, with the
 * tables at 0 (filled by the caller), 64-bit words and no BigInt. It is assembled here from its
 * instructions (see the functions above) rather than shipped as an opaque blob.
 *
 * @example
 * ```ts
 * const { instance } = new WebAssembly.Instance(new WebAssembly.Module(crc64Module()));
 * ```
 */
export function crc64Module(): Uint8Array<ArrayBuffer> {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = section(1, [1, 0x60, 3, I64, I32, I32, 1, I64]);
  const functions = section(3, [1, 0]);
  const memory = section(5, [1, 0, ...leb(PAGES)]);
  const exports = section(7, [2, ...name('crc'), 0, 0, ...name('memory'), 2, 0]);
  const code = section(10, [1, ...body()]);
  return Uint8Array.from([...magic, ...types, ...functions, ...memory, ...exports, ...code]);
}
