import { defineCommand, keyRange, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore } from '../parse.js';
import { ReplyErrors } from '../ReplyError.js';
import type { ScoredMember } from '../SortedSet.js';
import { parseTimeout } from './blockingTimeout.js';
import { parseMultiPop } from './parseMultiPop.js';
import { countedKeys } from './keySpecs.js';

type End = 'min' | 'max';
const POP_NAME: Record<End, string> = { min: 'ZPOPMIN', max: 'ZPOPMAX' };
const allButLastKeys = keyRange(1, -2, 1, 'write');
/** BZPOPMIN, BZPOPMAX: every key but the timeout, last. */
const popBlocking = { timeoutIndex: -1, keys: allButLastKeys };

/** Removes up to `count` members from the `end` of an existing sorted set; returns them in pop order. */
export function popMembers(context: CommandContext, key: string, end: End, count: number): ScoredMember[] {
  return context.update(key, 'zset', (zset) => {
    const ordered = zset.sorted();
    const picked = end === 'min' ? ordered.slice(0, count) : ordered.slice(Math.max(0, ordered.length - count)).reverse();
    for (const { member } of picked) zset.delete(member);
    return picked;
  });
}

/** The first key holding a sorted set (WRONGTYPE at the first key of another type), or undefined. */
function firstNonEmpty(context: CommandContext, keys: readonly string[]): string | undefined {
  return keys.find((key) => context.read(key, 'zset') !== undefined);
}

function parseEnd(text: string): End {
  const end = text.toLowerCase();
  if (end !== 'min' && end !== 'max') throw ReplyErrors.syntax();
  return end;
}

/** ZMPOP/BZMPOP: [key, [[member, score], …]] from the first non-empty key, as ZPOPMIN/MAX key count. */
function multiPop(context: CommandContext, numkeysIndex: number, timeoutIndex: number | null): Reply {
  const { keys, end, count } = parseMultiPop(context, numkeysIndex, parseEnd);
  if (timeoutIndex !== null) parseTimeout(context.arg(timeoutIndex), 'seconds');
  const key = firstNonEmpty(context, keys);
  if (key === undefined) return null;
  const popped = popMembers(context, key, end, count);
  context.propagateAs([POP_NAME[end], key, String(popped.length)]);
  return [key, popped.map(({ member, score }) => [member, formatScore(score)])];
}

function blockingPop(end: End) {
  return (context: CommandContext): Reply => {
    parseTimeout(context.arg(context.argv.length - 1), 'seconds');
    const key = firstNonEmpty(context, context.argv.slice(1, -1));
    if (key === undefined) return null;
    const [{ member, score }] = popMembers(context, key, end, 1) as [ScoredMember];
    context.propagateAs([POP_NAME[end], key]);
    return [key, member, formatScore(score)];
  };
}

/**
 * ZMPOP and the blocking BZPOPMIN, BZPOPMAX and BZMPOP. In the keyspace the blocking ones answer as
 * Redis does when the client cannot block: served if a sorted set has members, else nil at once.
 * All propagate as ZPOPMIN/ZPOPMAX key [count], as Redis 7.0 does.
 *
 * @example
 * ```ts
 * ks.execute(['ZADD', 'z', '1', 'a', '2', 'b']);
 * ks.execute(['BZPOPMAX', 'none', 'z', '0']);          // ['z', 'b', '2']
 * ks.execute(['ZMPOP', '1', 'z', 'MIN', 'COUNT', '5']); // ['z', [['a', '1']]]
 * ```
 */
export const zsetPopCommands: CommandSpecification[] = [
  defineCommand({ name: 'zmpop', arity: -4, flags: ['write'], keys: countedKeys(1, 'write'), reply: 'keyedScoredPairs', run: (c) => multiPop(c, 1, null) }),
  defineCommand({
    name: 'bzmpop',
    arity: -5,
    flags: ['write'],
    keys: countedKeys(2, 'write'),
    reply: 'keyedScoredPairs',
    blocking: { timeoutIndex: 1, keys: countedKeys(2, 'write') },
    run: (c) => multiPop(c, 2, 1),
  }),
  defineCommand({ name: 'bzpopmin', arity: -3, flags: ['write'], keys: allButLastKeys, reply: 'keyedScore', blocking: popBlocking, run: blockingPop('min') }),
  defineCommand({ name: 'bzpopmax', arity: -3, flags: ['write'], keys: allButLastKeys, reply: 'keyedScore', blocking: popBlocking, run: blockingPop('max') }),
];
