import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { firstKeyRead, firstKeyWritten, twoKeysWritten } from './keySpecs.js';
import { listIndex, listRange } from './listRange.js';

type List = string[];
/** Which end of a list a command pops from or pushes onto. */
export type End = 'left' | 'right';

function readList(context: CommandContext, key = context.arg(1)): List | undefined {
  return context.read(key, 'list')?.value;
}

/** Applies `change` to the existing list at `key` in place, deleting the key if it empties. */
function changeList<T>(context: CommandContext, key: string, change: (list: List) => T): T {
  return context.update(key, 'list', change);
}

/** Pushes onto the list at `key`, creating it; returns the new length. */
function pushTo(context: CommandContext, key: string, end: End, values: readonly string[]): number {
  if (readList(context, key) === undefined) {
    const list = end === 'left' ? values.slice().reverse() : values.slice();
    context.create(key, 'list', list);
    return list.length;
  }
  return changeList(context, key, (list) => {
    if (end === 'left') for (const value of values) list.unshift(value);
    else list.push(...values);
    return list.length;
  });
}

function push(end: End, onlyIfExists: boolean) {
  return (context: CommandContext): Reply => {
    if (readList(context) === undefined && onlyIfExists) return 0;
    return pushTo(context, context.arg(1), end, context.argv.slice(2));
  };
}

function pop(end: End) {
  return (context: CommandContext): Reply => {
    if (context.argv.length > 3) throw ReplyErrors.arity(end === 'left' ? 'lpop' : 'rpop');
    const hasCount = context.argv.length === 3;
    const mustBePositive = () => new ReplyError('ERR value is out of range, must be positive');
    const count = hasCount ? parseClampedInteger(context.arg(2), mustBePositive) : 1;
    if (count < 0) throw mustBePositive();
    const list = readList(context);
    if (list === undefined) return null;
    if (hasCount && count === 0) return [];
    const popped = popElements(context, context.arg(1), end, count);
    return hasCount ? popped : popped[0]!;
  };
}

/** Pops up to `count` elements from an existing list, in the order they come off `end`. */
export function popElements(context: CommandContext, key: string, end: End, count: number): string[] {
  return changeList(context, key, (writable) => (end === 'left' ? writable.splice(0, count) : writable.splice(Math.max(0, writable.length - count)).reverse()));
}

function lrange(context: CommandContext): Reply {
  const start = parseClampedInteger(context.arg(2));
  const stop = parseClampedInteger(context.arg(3));
  const list = readList(context) ?? [];
  const range = listRange(list.length, start, stop);
  return range === null ? [] : list.slice(range.start, range.stop + 1);
}

function lindex(context: CommandContext): Reply {
  const list = readList(context);
  if (list === undefined) return null;
  const index = listIndex(list.length, parseClampedInteger(context.arg(2)));
  return index === null ? null : list[index]!;
}

function lset(context: CommandContext): Reply {
  const list = readList(context);
  if (list === undefined) throw ReplyErrors.noSuchKey();
  const index = listIndex(list.length, parseClampedInteger(context.arg(2)));
  if (index === null) throw ReplyErrors.outOfRange();
  changeList(context, context.arg(1), (writable) => (writable[index] = context.arg(3)));
  return 'OK';
}

function lrem(context: CommandContext): Reply {
  const count = parseClampedInteger(context.arg(2));
  const element = context.arg(3);
  const list = readList(context);
  if (list === undefined || !list.includes(element)) return 0;
  return changeList(context, context.arg(1), (writable) => {
    const limit = count === 0 ? Infinity : Math.abs(count);
    const order = count < 0 ? [...writable.keys()].reverse() : [...writable.keys()];
    const doomed = new Set<number>();
    for (const index of order) {
      if (doomed.size === limit) break;
      if (writable[index] === element) doomed.add(index);
    }
    const kept = writable.filter((_, index) => !doomed.has(index));
    writable.splice(0, writable.length, ...kept);
    return doomed.size;
  });
}

function ltrim(context: CommandContext): Reply {
  const start = parseClampedInteger(context.arg(2));
  const stop = parseClampedInteger(context.arg(3));
  const list = readList(context);
  if (list === undefined) return 'OK';
  const range = listRange(list.length, start, stop);
  const keepStart = range?.start ?? list.length;
  const keepStop = range?.stop ?? list.length - 1;
  if (keepStart === 0 && keepStop === list.length - 1) return 'OK';
  changeList(context, context.arg(1), (writable) => writable.splice(0, writable.length, ...writable.slice(keepStart, keepStop + 1)));
  return 'OK';
}

function linsert(context: CommandContext): Reply {
  const where = context.arg(2).toLowerCase();
  if (where !== 'before' && where !== 'after') throw ReplyErrors.syntax();
  const list = readList(context);
  if (list === undefined) return 0;
  const pivot = list.indexOf(context.arg(3));
  if (pivot === -1) return -1;
  return changeList(context, context.arg(1), (writable) => {
    writable.splice(where === 'before' ? pivot : pivot + 1, 0, context.arg(4));
    return writable.length;
  });
}

/** LEFT or RIGHT (any case), else a syntax error. */
export function parseEnd(text: string): End {
  const end = text.toLowerCase();
  if (end !== 'left' && end !== 'right') throw ReplyErrors.syntax();
  return end;
}

/** LMOVE/RPOPLPUSH: pops from the source end and pushes the element onto the destination end. */
export function move(context: CommandContext, from: End, to: End): Reply {
  const source = context.arg(1);
  const destination = context.arg(2);
  if (readList(context, source) === undefined) return null;
  readList(context, destination);
  if (source === destination) {
    // Rotating one list in place keeps its entry, and so its TTL, even when it holds one element.
    return changeList(context, source, (list) => {
      const element = from === 'left' ? list.shift()! : list.pop()!;
      if (to === 'left') list.unshift(element);
      else list.push(element);
      return element;
    });
  }
  const element = changeList(context, source, (list) => (from === 'left' ? list.shift()! : list.pop()!));
  pushTo(context, destination, to, [element]);
  return element;
}

/**
 * The list commands.
 *
 * @example
 * ```ts
 * ks.execute(['RPUSH', 'queue', 'a', 'b', 'c']);           // 3
 * ks.execute(['LMOVE', 'queue', 'done', 'LEFT', 'RIGHT']); // 'a'
 * ```
 */
export const listCommands: CommandSpecification[] = [
  defineCommand({ name: 'lpush', arity: -3, flags: ['write'], keys: firstKeyWritten, run: push('left', false) }),
  defineCommand({ name: 'rpush', arity: -3, flags: ['write'], keys: firstKeyWritten, run: push('right', false) }),
  defineCommand({ name: 'lpushx', arity: -3, flags: ['write'], keys: firstKeyWritten, run: push('left', true) }),
  defineCommand({ name: 'rpushx', arity: -3, flags: ['write'], keys: firstKeyWritten, run: push('right', true) }),
  defineCommand({ name: 'lpop', arity: -2, flags: ['write'], reply: (argv) => (argv.length > 2 ? 'array' : 'bulk'), keys: firstKeyWritten, run: pop('left') }),
  defineCommand({ name: 'rpop', arity: -2, flags: ['write'], reply: (argv) => (argv.length > 2 ? 'array' : 'bulk'), keys: firstKeyWritten, run: pop('right') }),
  defineCommand({ name: 'llen', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => readList(c)?.length ?? 0 }),
  defineCommand({ name: 'lrange', arity: 4, flags: ['readonly'], keys: firstKeyRead, run: lrange }),
  defineCommand({ name: 'lindex', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: lindex }),
  defineCommand({ name: 'lset', arity: 4, flags: ['write'], reply: 'status', keys: firstKeyWritten, run: lset }),
  defineCommand({ name: 'lrem', arity: 4, flags: ['write'], keys: firstKeyWritten, run: lrem }),
  defineCommand({ name: 'ltrim', arity: 4, flags: ['write'], reply: 'status', keys: firstKeyWritten, run: ltrim }),
  defineCommand({ name: 'linsert', arity: 5, flags: ['write'], keys: firstKeyWritten, run: linsert }),
  defineCommand({
    name: 'lmove',
    arity: 5,
    flags: ['write'],
    keys: twoKeysWritten,
    run: (c) => {
      const from = parseEnd(c.arg(3));
      return move(c, from, parseEnd(c.arg(4)));
    },
  }),
  defineCommand({ name: 'rpoplpush', arity: 3, flags: ['write'], keys: twoKeysWritten, run: (c) => move(c, 'right', 'left') }),
];
