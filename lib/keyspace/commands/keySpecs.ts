/**
 * Key specifications shared by the command definitions.
 *
 * @example
 * ```ts
 * twoKeysWritten(['SMOVE', 'src', 'dst', 'm'], 0); // src and dst, both written
 * ```
 */
import { keyRange, type KeySpecification } from '../commandTable.js';

/** The key at argv[1], written. */
export const firstKeyWritten: KeySpecification = keyRange(1, 1, 1, 'write');
/** The key at argv[1], only read. */
export const firstKeyRead: KeySpecification = keyRange(1, 1, 1, 'read');
/** argv[1] and argv[2], both written (SMOVE, LMOVE, RPOPLPUSH). */
export const twoKeysWritten: KeySpecification = keyRange(1, 2, 1, 'write');
/** Every argument from argv[1] on, only read (SUNION, SINTER, SDIFF). */
export const allKeysRead: KeySpecification = keyRange(1, -1, 1, 'read');
/** Every argument from argv[1] on; the first is written, the rest read (*STORE). */
export const firstWrittenRestRead: KeySpecification = keyRange(1, -1, 1, 'first-write');

/**
 * The keys counted by a `numkeys` argument at `numkeysIndex` (LMPOP, ZINTER, SINTERCARD …), read
 * or written; tolerant of a bad count (no keys then), as key extraction runs before validation.
 *
 * @example
 * ```ts
 * countedKeys(1, 'write')(['LMPOP', '2', 'a', 'b', 'LEFT'], 0); // a and b, written
 * ```
 */
export function countedKeys(numkeysIndex: number, access: 'read' | 'write'): KeySpecification {
  return (argv, db) => {
    const count = /^[1-9][0-9]*$/.test(argv[numkeysIndex] ?? '') ? Number(argv[numkeysIndex]) : 0;
    const end = Math.min(numkeysIndex + 1 + count, argv.length);
    return argv.slice(numkeysIndex + 1, end).map((key) => ({ db, key, write: access === 'write' }));
  };
}
