import { defineCommand, type CommandSpecification, type KeyReference, type KeySpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { objectEncoding } from '../objectEncoding.js';
import { parseBigInteger, parseLenientDouble } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import type { SortedSet } from '../SortedSet.js';
import { refuseInClusterMode } from './clusterMode.js';
import { lookupByPattern } from './sortPattern.js';

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  offset: number;
  count: number;
  store: string | null;
  by: string | null;
  /** BY without `*`: keep the native order. */
  dontSort: boolean;
  gets: string[];
}

const clamp = (value: bigint) => Number(value > 2n ** 53n ? 2n ** 53n : value < -(2n ** 53n) ? -(2n ** 53n) : value);

function parseSortOptions(context: CommandContext, readOnly: boolean): SortOptions {
  const options: SortOptions = { desc: false, alpha: false, offset: 0, count: -1, store: null, by: null, dontSort: false, gets: [] };
  for (let index = 2; index < context.argv.length; index++) {
    const option = context.arg(index).toLowerCase();
    const left = context.argv.length - index - 1;
    if (option === 'asc') options.desc = false;
    else if (option === 'desc') options.desc = true;
    else if (option === 'alpha') options.alpha = true;
    else if (option === 'limit' && left >= 2) {
      options.offset = clamp(parseBigInteger(context.arg(index + 1)));
      options.count = clamp(parseBigInteger(context.arg(index + 2)));
      index += 2;
    } else if (!readOnly && option === 'store' && left >= 1) options.store = context.arg(++index);
    else if (option === 'by' && left >= 1) {
      options.by = context.arg(++index);
      options.dontSort = !options.by.includes('*');
      if (!options.dontSort) refuseInClusterMode(context, 'BY option of SORT denied in Cluster mode.');
    } else if (option === 'get' && left >= 1) {
      refuseInClusterMode(context, 'GET option of SORT denied in Cluster mode.');
      options.gets.push(context.arg(++index));
    } else throw ReplyErrors.syntax();
  }
  return options;
}

/** The elements in the value's native order (an intset iterates ascending, as Redis's does). */
function elementsOf(context: CommandContext, key: string): { elements: string[]; type: string } {
  const entry = context.read(key);
  if (entry === undefined) return { elements: [], type: 'list' };
  if (entry.type === 'list') return { elements: (entry.value as string[]).slice(), type: 'list' };
  if (entry.type === 'zset') return { elements: (entry.value as SortedSet).sorted().map(({ member }) => member), type: 'zset' };
  if (entry.type !== 'set') throw ReplyErrors.wrongType();
  const members = [...(entry.value as Set<string>)];
  if (objectEncoding('set', entry.value, context.keyspace.encoding) === 'intset') members.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return { elements: members, type: 'set' };
}

/** strtod over the whole text; undefined (an error for SORT) on junk, NaN, overflow or underflow. */
function sortScore(text: string): number | undefined {
  const value = parseLenientDouble(text);
  if (value === undefined || Number.isNaN(value)) return undefined;
  if (!Number.isFinite(value) && !/inf/i.test(text)) return undefined;
  if (value === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) return undefined;
  return value;
}

/** A C string comparison (strcoll in the C locale): bytes up to the first NUL. */
function compareCStrings(a: string, b: string): number {
  const [x, y] = [a.split('\0')[0]!, b.split('\0')[0]!];
  return x < y ? -1 : x > y ? 1 : 0;
}

const compareBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts elements as Redis's `sortCompare` (a stable merge sort, as glibc's qsort is). */
function sortElements(context: CommandContext, elements: string[], options: SortOptions): string[] {
  const by = options.by;
  const keyed = elements.map((element) => ({ element, key: by === null ? element : lookupByPattern(context, by, element) }));
  const direction = options.desc ? -1 : 1;
  if (options.alpha) {
    const compareText = options.store !== null ? compareBytes : compareCStrings;
    keyed.sort((a, b) => {
      if (by === null) return direction * compareText(a.element, b.element);
      if (a.key === undefined || b.key === undefined) return direction * (a.key === b.key ? 0 : a.key === undefined ? -1 : 1);
      return direction * compareText(a.key, b.key);
    });
    return keyed.map(({ element }) => element);
  }
  const scored = keyed.map(({ element, key }) => ({ element, score: key === undefined ? 0 : sortScore(key) }));
  if (scored.some(({ score }) => score === undefined)) throw new ReplyError("ERR One or more scores can't be converted into double");
  scored.sort((a, b) => direction * (a.score! > b.score! ? 1 : a.score! < b.score! ? -1 : compareBytes(a.element, b.element)));
  return scored.map(({ element }) => element);
}

function sort(readOnly: boolean) {
  return (context: CommandContext): Reply => {
    const options = parseSortOptions(context, readOnly);
    const { elements, type } = elementsOf(context, context.arg(1));
    // A set stored without sorting is sorted ALPHA anyway, so replicas store the same list.
    if (options.dontSort && type === 'set' && options.store !== null) Object.assign(options, { dontSort: false, alpha: true, by: null });
    let ordered = options.dontSort ? elements : sortElements(context, elements, options);
    if (options.dontSort && options.desc && type !== 'set') ordered = ordered.reverse();
    const start = Math.max(0, options.offset);
    const end = options.count < 0 ? ordered.length : start + options.count;
    const selected = ordered.slice(start, Math.max(start, end));
    const output = options.gets.length === 0 ? selected : selected.flatMap((element) => options.gets.map((pattern) => lookupByPattern(context, pattern, element) ?? null));
    if (options.store === null) return output;
    return store(
      context,
      options.store,
      output.map((item) => item ?? ''),
    );
  };
}

/** SORT … STORE: the result list replaces the destination, propagated as DEL + RPUSH (self-contained). */
function store(context: CommandContext, destination: string, items: string[]): Reply {
  context.remove(destination);
  if (items.length > 0) context.create(destination, 'list', items);
  context.propagateAs(['DEL', destination], ...(items.length > 0 ? [['RPUSH', destination, ...items]] : []));
  return items.length;
}

/** The sorted key (read) and, for SORT, the STORE destination (written). */
function sortKeys(readOnly: boolean): KeySpecification {
  return (argv, db) => {
    const keys: KeyReference[] = [{ db, key: argv[1]!, write: false }];
    for (let index = 2; index < argv.length; index++) {
      const option = argv[index]!.toLowerCase();
      if (option === 'limit') index += 2;
      else if (option === 'by' || option === 'get') index++;
      else if (!readOnly && option === 'store' && index + 1 < argv.length) keys.push({ db, key: argv[++index]!, write: true });
    }
    return keys;
  };
}

/**
 * SORT and SORT_RO with BY (incl. `key->field`), LIMIT, GET (incl. `#`), ASC/DESC, ALPHA and STORE.
 *
 * @example
 * ```ts
 * ks.execute(['RPUSH', 'ids', '3', '1', '2']);
 * ks.execute(['SORT', 'ids', 'DESC', 'LIMIT', '0', '2']); // ['3', '2']
 * ```
 */
export const sortCommands: CommandSpecification[] = [
  defineCommand({ name: 'sort', arity: -2, flags: ['write'], keys: sortKeys(false), run: sort(false) }),
  defineCommand({ name: 'sort_ro', arity: -2, flags: ['readonly'], keys: sortKeys(true), run: sort(true) }),
];
