const SPACE = new Set([0x20, 0x0a, 0x0d, 0x09, 0x0b, 0x0c]);
const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 };

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46));
}

/**
 * Splits an inline command line into byte-string arguments as Redis's `sdssplitargs` does: whitespace
 * separates, `"…"` understands `\n \r \t \b \a \xHH` and `\"`, `'…'` only `\'`; a closing quote
 * must be followed by whitespace or the end. Undefined for unbalanced quotes.
 *
 * @example
 * ```ts
 * splitInlineArguments(Buffer.from('SET k "a b\\x41"')); // ['SET', 'k', 'a bA']
 * splitInlineArguments(Buffer.from('GET "k')); // undefined
 * ```
 */
export function splitInlineArguments(line: Buffer): string[] | undefined {
  const args: string[] = [];
  let index = 0;
  for (;;) {
    while (index < line.length && SPACE.has(line[index]!)) index++;
    if (index >= line.length) return args;
    const bytes: number[] = [];
    const end = readArgument(line, index, bytes);
    if (end === undefined) return undefined;
    args.push(Buffer.from(bytes).toString('latin1'));
    index = end;
  }
}

/** Reads one argument starting at `index` into `bytes`; returns the index after it. */
function readArgument(line: Buffer, start: number, bytes: number[]): number | undefined {
  let quote: 0x22 | 0x27 | 0 = 0;
  let index = start;
  for (;;) {
    const byte = line[index];
    if (quote === 0) {
      if (byte === undefined || SPACE.has(byte)) return index;
      if (byte === 0x22 || byte === 0x27) quote = byte;
      else bytes.push(byte);
      index++;
      continue;
    }
    if (byte === undefined) return undefined;
    if (quote === 0x22 && byte === 0x5c && line[index + 1] === 0x78 && isHex(line[index + 2]) && isHex(line[index + 3])) {
      bytes.push(parseInt(line.toString('latin1', index + 2, index + 4), 16));
      index += 4;
    } else if (byte === 0x5c && index + 1 < line.length && (quote === 0x22 || line[index + 1] === 0x27)) {
      const escaped = line[index + 1]!;
      bytes.push(quote === 0x22 ? (ESCAPES[escaped] ?? escaped) : escaped);
      index += 2;
    } else if (byte === quote) {
      // The closing quote must be followed by a space or nothing.
      const after = line[index + 1];
      if (after !== undefined && !SPACE.has(after)) return undefined;
      return index + 1;
    } else {
      bytes.push(byte);
      index++;
    }
  }
}
