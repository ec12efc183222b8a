import { toPortableArgument, type ByteString } from '../keyspace/byteString.js';

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Byte-string arguments in the form `Session.execute` reads back as the same bytes: the array
 * itself when every argument is ASCII (the common case, no copy), else non-ASCII ones as bytes.
 *
 * @example
 * ```ts
 * session.execute(portableArguments(['SET', 'k', '\xff']), { encoding: 'binary' }); // value is the byte 0xff
 * ```
 */
export function portableArguments(argv: readonly ByteString[]): readonly (string | Uint8Array)[] {
  for (const argument of argv) if (NON_ASCII.test(argument)) return argv.map(toPortableArgument);
  return argv;
}
