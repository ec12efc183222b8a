import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { firstKeyRead, firstKeyWritten, twoKeysWritten } from './keySpecs.js';
import { setAlgebraCommands } from './setAlgebra.js';

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

/** `count` members picked uniformly at random without repetition. */
function pickDistinct(set: MemberSet, count: number): string[] {
  const members = [...set];
  for (let index = 0; index < Math.min(count, members.length); index++) {
    const swap = index + Math.floor(Math.random() * (members.length - index));
    [members[index], members[swap]] = [members[swap]!, members[index]!];
  }
  return members.slice(0, count);
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
  if (count > 0) return pickDistinct(set, count);
  const members = [...set];
  return Array.from({ length: -count }, () => members[Math.floor(Math.random() * members.length)]!);
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
  defineCommand({ name: 'sismember', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: (c) => (readSet(c)?.has(c.arg(2)) ? 1 : 0) }),
  defineCommand({ name: 'scard', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => readSet(c)?.size ?? 0 }),
  defineCommand({ name: 'spop', arity: -2, flags: ['write'], reply: (argv) => (argv.length > 2 ? 'set' : 'bulk'), keys: firstKeyWritten, run: spop }),
  defineCommand({ name: 'srandmember', arity: -2, flags: ['readonly'], keys: firstKeyRead, run: srandmember }),
  defineCommand({ name: 'smove', arity: 4, flags: ['write'], keys: twoKeysWritten, run: smove }),
  ...setAlgebraCommands,
];
