import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import type { ValueType } from '../Value.js';
import { objectEncoding } from '../objectEncoding.js';
import { formatScore, parseInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import type { SortedSet } from '../SortedSet.js';
import { compileGlob } from './glob.js';
import { firstKeyRead } from './keySpecs.js';

const CURSOR = /^[+-]?[0-9]+$/;

function parseCursor(text: string): number {
  if (!CURSOR.test(text) || BigInt(text) >= 2n ** 64n || BigInt(text) <= -(2n ** 64n)) throw new ReplyError('ERR invalid cursor');
  const cursor = BigInt(text);
  // strtoul wraps a negative cursor to a huge one: past the end.
  return cursor < 0n || cursor > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(cursor);
}

function parseScanOptions(context: CommandContext): { count: number; matches: ((item: string) => boolean) | null } {
  let count = 10;
  let matches: ((item: string) => boolean) | null = null;
  for (let index = 3; index < context.argv.length; index += 2) {
    const option = context.arg(index).toLowerCase();
    const value = context.argv[index + 1];
    if (value === undefined) throw ReplyErrors.syntax();
    if (option === 'count') {
      count = parseInteger(value);
      if (count < 1) throw ReplyErrors.syntax();
    } else if (option === 'match') matches = value === '*' ? null : compileGlob(value);
    else throw ReplyErrors.syntax();
  }
  return { count, matches };
}

/** The scanned items as [name, value?] pairs, in the collection's order. */
function itemsOf(type: ValueType, value: unknown): [string, string | null][] {
  if (type === 'hash') return [...(value as Map<string, string>)];
  if (type === 'zset') return Array.from((value as SortedSet).entries(), ([member, score]) => [member, formatScore(score)]);
  return Array.from(value as Set<string>, (member) => [member, null]);
}

/**
 * HSCAN/SSCAN/ZSCAN: a compact encoding (listpack, intset) is answered whole with cursor 0, as
 * Redis does; a large one in pages of COUNT items, the cursor being the position reached. Every
 * item present throughout a full walk that does not change the collection is returned once.
 */
function scanCollection(type: 'hash' | 'set' | 'zset') {
  return (context: CommandContext): Reply => {
    const cursor = parseCursor(context.arg(2));
    const entry = context.read(context.arg(1), type);
    if (entry === undefined) return ['0', []];
    const { count, matches } = parseScanOptions(context);
    const items = itemsOf(type, entry.value);
    const compact = objectEncoding(type, entry.value, context.keyspace.encoding) !== (type === 'zset' ? 'skiplist' : 'hashtable');
    const page = compact ? items : items.slice(cursor, cursor + count);
    const next = compact || cursor + count >= items.length ? 0 : cursor + count;
    const found = page.filter(([name]) => matches === null || matches(name));
    return [String(next), found.flatMap(([name, value]) => (value === null ? [name] : [name, value]))];
  };
}

/**
 * HSCAN, SSCAN and ZSCAN (MATCH, COUNT).
 *
 * @example
 * ```ts
 * ks.execute(['HSET', 'h', 'f', 'v']);
 * ks.execute(['HSCAN', 'h', '0']); // ['0', ['f', 'v']]
 * ```
 */
export const collectionScanCommands: CommandSpecification[] = [
  defineCommand({ name: 'hscan', arity: -3, flags: ['readonly'], keys: firstKeyRead, run: scanCollection('hash') }),
  defineCommand({ name: 'sscan', arity: -3, flags: ['readonly'], keys: firstKeyRead, run: scanCollection('set') }),
  defineCommand({ name: 'zscan', arity: -3, flags: ['readonly'], keys: firstKeyRead, run: scanCollection('zset') }),
];
