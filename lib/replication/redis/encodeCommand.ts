/**
 * One command as RESP, an array of bulk strings: the exact bytes Redis's replication stream carries
 * for it (and counts in its offset).
 *
 * @example
 * ```ts
 * encodeCommand(['SELECT', '0']).toString(); // '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n'
 * ```
 */
export function encodeCommand(argv: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const argument of argv) {
    const bytes = typeof argument === 'string' ? Buffer.from(argument, 'utf8') : Buffer.from(argument.buffer, argument.byteOffset, argument.byteLength);
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n', 'latin1');
