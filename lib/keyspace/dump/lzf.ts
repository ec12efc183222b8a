import { copyBytes } from '../copyBytes.js';
import { RdbFormatError } from './RdbFormatError.js';

/**
 * Decompresses LZF data (liblzf's format, which Redis uses for compressed RDB strings) into exactly
 * `outputLength` bytes. Any inconsistency (back reference before the start, output overrun, input
 * ending inside an instruction, output shorter than declared) is an {@link RdbFormatError}.
 *
 * @example
 * ```ts
 * lzfDecompress(Buffer.from([0x02, 0x61, 0x62, 0x63, 0x40, 0x02]), 6).toString(); // 'abcbcb'
 * ```
 */
export function lzfDecompress(input: Uint8Array, outputLength: number): Buffer {
  const output = Buffer.allocUnsafe(outputLength);
  let inputIndex = 0;
  let outputIndex = 0;
  while (inputIndex < input.length) {
    const control = input[inputIndex++]!;
    if (control < 32) {
      const length = control + 1;
      if (inputIndex + length > input.length) throw new RdbFormatError('LZF literal runs past the input');
      if (outputIndex + length > outputLength) throw new RdbFormatError('LZF output longer than declared');
      // At most 32 bytes: a loop costs less than a subarray view for output.set.
      outputIndex = copyBytes(input, inputIndex, inputIndex + length, output, outputIndex);
      inputIndex += length;
      continue;
    }
    let length = control >> 5;
    if (length === 7) {
      if (inputIndex >= input.length) throw new RdbFormatError('LZF input ends inside a back reference');
      length += input[inputIndex++]!;
    }
    if (inputIndex >= input.length) throw new RdbFormatError('LZF input ends inside a back reference');
    let reference = outputIndex - ((control & 0x1f) << 8) - 1 - input[inputIndex++]!;
    length += 2;
    if (reference < 0) throw new RdbFormatError('LZF back reference before the start');
    if (outputIndex + length > outputLength) throw new RdbFormatError('LZF output longer than declared');
    // Overlapping copies repeat the bytes just written: copy one byte at a time.
    for (let end = outputIndex + length; outputIndex < end;) output[outputIndex++] = output[reference++]!;
  }
  if (outputIndex !== outputLength) throw new RdbFormatError(`LZF output is ${outputIndex} bytes, ${outputLength} declared`);
  return output;
}
