import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { parseCountOption, parseNumkeys } from './countArguments.js';
import { countedKeys, firstKeyRead, firstKeyWritten, twoKeysWritten } from './keySpecs.js';
import { pickDistinct, pickWithRepetition } from './randomPick.js';
import { combine, setAlgebraCommands } from './setAlgebra.js';

type MemberSet = Set<string>;

function readSet(context: CommandContext, key = context.arg(1)): MemberSet | undefined {
  return context.read(key, 'set')?.value;
}

/** Removes members from the existing set at `key` in place; deletes the key if it empties. */
function removeMembers(context: CommandContext, key: string, members: readonly string[]): number {
  return context.update(key, 'set', (set) => members.filter((member) => set.delete(member)).length);
}

/** Adds members to the set at `key`, creating it; returns how many were new. */
function addMembers(context: CommandContext, key: string, members: readonly string[]): number {
  const existing = readSet(context, key);
  if (existing === undefined) {
    const created = new Set(members);
    context.create(key, 'set', created);
    return created.size;
  }
  const fresh = new Set(members.filter((member) => !existing.has(member)));
  if (fresh.size === 0) return 0;
  context.update(key, 'set', (set) => fresh.forEach((member) => set.add(member)));
  return fresh.size;
}

function srem(context: CommandContext): Reply {
  const set = readSet(context);
  const members = context.argv.slice(2);
  if (set === undefined || !members.some((member) => set.has(member))) return 0;
  return removeMembers(context, context.arg(1), members);
}

function spop(context: CommandContext): Reply {
  if (context.argv.length > 3) throw ReplyErrors.syntax();
  const hasCount = context.argv.length === 3;
  const mustBePositive = () => new ReplyError('ERR value is out of range, must be positive');
  const count = hasCount ? parseClampedInteger(context.arg(2), mustBePositive) : 1;
  if (count < 0) throw mustBePositive();
  const set = readSet(context);
  if (set === undefined) return hasCount ? [] : null;
  if (count === 0) return [];
  const popped = pickDistinct(set, count);
  removeMembers(context, context.arg(1), popped);
  // The pick is random: replicas must remove exactly these members.
  context.propagateAs(['SREM', context.arg(1), ...popped]);
  return hasCount ? popped : popped[0]!;
}

function srandmember(context: CommandContext): Reply {
  if (context.argv.length > 3) throw ReplyErrors.syntax();
  if (context.argv.length === 2) {
    const set = readSet(context);
    return set === undefined ? null : pickDistinct(set, 1)[0]!;
  }
  const count = parseClampedInteger(context.arg(2));
  const set = readSet(context);
  if (set === undefined || count === 0) return [];
  return count > 0 ? pickDistinct(set, count) : pickWithRepetition(set, -count);
}

function smove(context: CommandContext): Reply {
  const [source, destination, member] = [context.arg(1), context.arg(2), context.arg(3)];
  const sourceSet = readSet(context, source);
  if (sourceSet === undefined) return 0;
  readSet(context, destination);
  if (source === destination) return sourceSet.has(member) ? 1 : 0;
  if (!sourceSet.has(member)) return 0;
  removeMembers(context, source, [member]);
  addMembers(context, destination, [member]);
  return 1;
}

/** SINTERCARD numkeys key… [LIMIT n]: the size of the intersection, stopping at LIMIT (0: none). */
function sintercard(context: CommandContext): Reply {
  const numkeys = parseNumkeys(context.arg(1));
  if (numkeys > context.argv.length - 2) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let index = 2 + numkeys; index < context.argv.length; index++) {
    if (context.arg(index).toLowerCase() === 'limit' && index < context.argv.length - 1) {
      limit = parseCountOption(context.arg(++index), "LIMIT can't be negative", 0n);
    } else throw ReplyErrors.syntax();
  }
  const size = combine(context, 'inter', context.argv.slice(2, 2 + numkeys)).size;
  return limit > 0 ? Math.min(size, limit) : size;
}

/**
 * The set commands.
 *
 * @example
 * ```ts
 * ks.execute(['SADD', 'tags', 'x', 'y']); // 2
 * ks.execute(['SPOP', 'tags']);           // 'x' or 'y', propagated as SREM tags <member>
 * ```
 */
export const setCommands: CommandSpecification[] = [
  defineCommand({ name: 'sadd', arity: -3, flags: ['write'], keys: firstKeyWritten, run: (c) => addMembers(c, c.arg(1), c.argv.slice(2)) }),
  defineCommand({ name: 'srem', arity: -3, flags: ['write'], keys: firstKeyWritten, run: srem }),
  defineCommand({ name: 'smembers', arity: 2, flags: ['readonly'], reply: 'set', keys: firstKeyRead, run: (c) => [...(readSet(c) ?? [])] }),
  defineCommand({ name: 'sismember', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: (c) => (c.holds(c.arg(1), 'set', c.arg(2)) ? 1 : 0) }),
  defineCommand({ name: 'scard', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => readSet(c)?.size ?? 0 }),
  defineCommand({ name: 'spop', arity: -2, flags: ['write'], reply: (argv) => (argv.length > 2 ? 'set' : 'bulk'), keys: firstKeyWritten, run: spop }),
  defineCommand({ name: 'srandmember', arity: -2, flags: ['readonly'], keys: firstKeyRead, run: srandmember }),
  defineCommand({ name: 'smove', arity: 4, flags: ['write'], keys: twoKeysWritten, run: smove }),
  defineCommand({
    name: 'smismember',
    arity: -3,
    flags: ['readonly'],
    keys: firstKeyRead,
    run: (c) => {
      const set = readSet(c);
      return c.argv.slice(2).map((member) => (set?.has(member) ? 1 : 0));
    },
  }),
  defineCommand({ name: 'sintercard', arity: -3, flags: ['readonly'], keys: countedKeys(1, 'read'), run: sintercard }),
  ...setAlgebraCommands,
];
