import { defineCommand, keyRange, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseTimeout } from './blockingTimeout.js';
import { parseMultiPop } from './parseMultiPop.js';
import { countedKeys, firstKeyWritten, twoKeysWritten } from './keySpecs.js';
import { move, parseEnd, popElements, type End } from './lists.js';

const POP_NAME: Record<End, string> = { left: 'LPOP', right: 'RPOP' };
const allButLastKeys = keyRange(1, -2, 1, 'write');
/** BLPOP, BRPOP: every key but the timeout, last. */
const popBlocking = { timeoutIndex: -1, keys: allButLastKeys };
/** BLMOVE, BRPOPLPUSH: the source only, timeout last. */
const moveBlocking = { timeoutIndex: -1, keys: firstKeyWritten };

/** The first key holding a non-empty list (WRONGTYPE at the first key of another type), or undefined. */
function firstNonEmpty(context: CommandContext, keys: readonly string[]): string | undefined {
  return keys.find((key) => context.read(key, 'list') !== undefined);
}

/** Pops up to `count` from the first non-empty list and propagates `[LR]POP key count`. */
function popFromFirst(context: CommandContext, keys: readonly string[], end: End, count: number): Reply {
  const key = firstNonEmpty(context, keys);
  if (key === undefined) return null;
  const popped = popElements(context, key, end, count);
  context.propagateAs([POP_NAME[end], key, String(popped.length)]);
  return [key, popped];
}

function blockingPop(end: End) {
  return (context: CommandContext): Reply => {
    parseTimeout(context.arg(context.argv.length - 1), 'seconds');
    const key = firstNonEmpty(context, context.argv.slice(1, -1));
    if (key === undefined) return null;
    const [element] = popElements(context, key, end, 1);
    context.propagateAs([POP_NAME[end], key]);
    return [key, element!];
  };
}

/** BLMOVE/BRPOPLPUSH served at once: the plain move, propagated as LMOVE/RPOPLPUSH. */
function blockingMove(context: CommandContext, from: End, to: End, propagated: string[]): Reply {
  const element = move(context, from, to);
  if (element !== null) context.propagateAs(propagated);
  return element;
}

/**
 * LMPOP and the blocking list commands BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP. In the
 * keyspace the blocking ones answer as Redis does when the client cannot block (inside MULTI):
 * served if a list has elements, else the timeout reply (nil) at once. They propagate as the
 * command actually run: LPOP/RPOP key [count], LMOVE, RPOPLPUSH.
 *
 * @example
 * ```ts
 * ks.execute(['RPUSH', 'jobs', 'a', 'b']);
 * ks.execute(['BLPOP', 'none', 'jobs', '0']);              // ['jobs', 'a'], propagated as LPOP jobs
 * ks.execute(['LMPOP', '1', 'jobs', 'RIGHT', 'COUNT', '5']); // ['jobs', ['b']], as RPOP jobs 1
 * ```
 */
export const listBlockingCommands: CommandSpecification[] = [
  defineCommand({
    name: 'lmpop',
    arity: -4,
    flags: ['write'],
    keys: countedKeys(1, 'write'),
    reply: 'array',
    run: (c) => {
      const { keys, end, count } = parseMultiPop(c, 1, parseEnd);
      return popFromFirst(c, keys, end, count);
    },
  }),
  defineCommand({
    name: 'blmpop',
    arity: -5,
    flags: ['write'],
    keys: countedKeys(2, 'write'),
    reply: 'array',
    blocking: { timeoutIndex: 1, keys: countedKeys(2, 'write') },
    run: (c) => {
      const { keys, end, count } = parseMultiPop(c, 2, parseEnd);
      parseTimeout(c.arg(1), 'seconds');
      return popFromFirst(c, keys, end, count);
    },
  }),
  defineCommand({ name: 'blpop', arity: -3, flags: ['write'], keys: allButLastKeys, reply: 'array', blocking: popBlocking, run: blockingPop('left') }),
  defineCommand({ name: 'brpop', arity: -3, flags: ['write'], keys: allButLastKeys, reply: 'array', blocking: popBlocking, run: blockingPop('right') }),
  defineCommand({
    name: 'blmove',
    arity: 6,
    flags: ['write'],
    keys: twoKeysWritten,
    blocking: moveBlocking,
    run: (c) => {
      const from = parseEnd(c.arg(3));
      const to = parseEnd(c.arg(4));
      parseTimeout(c.arg(5), 'seconds');
      return blockingMove(c, from, to, ['LMOVE', c.arg(1), c.arg(2), from.toUpperCase(), to.toUpperCase()]);
    },
  }),
  defineCommand({
    name: 'brpoplpush',
    arity: 4,
    flags: ['write'],
    keys: twoKeysWritten,
    blocking: moveBlocking,
    run: (c) => {
      parseTimeout(c.arg(3), 'seconds');
      return blockingMove(c, 'right', 'left', ['RPOPLPUSH', c.arg(1), c.arg(2)]);
    },
  }),
];
