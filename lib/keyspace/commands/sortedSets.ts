import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore, parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { SortedSet } from '../SortedSet.js';
import { firstKeyRead, firstKeyWritten } from './keySpecs.js';
import { zaddCommands } from './zadd.js';
import { parseScoreRange, scoreInRange } from './zsetRanges.js';
import { zrangeCommands } from './zrange.js';
import { zsetStoreCommands } from './zsetStore.js';
import { popMembers, zsetPopCommands } from './zsetPop.js';
import { zsetRemoveRangeCommands } from './zsetRemoveRange.js';

function readSortedSet(context: CommandContext, key = context.arg(1)): SortedSet | undefined {
  return context.read(key, 'zset')?.value;
}

/** Removes members from the existing sorted set at `key`; deletes the key if it empties. */
function removeMembers(context: CommandContext, key: string, members: readonly string[]): number {
  return context.update(key, 'zset', (zset) => members.filter((member) => zset.delete(member)).length);
}

function zrem(context: CommandContext): Reply {
  const zset = readSortedSet(context);
  const members = context.argv.slice(2);
  if (zset === undefined || !members.some((member) => zset.score(member) !== undefined)) return 0;
  return removeMembers(context, context.arg(1), members);
}

function zrank(reverse: boolean) {
  return (context: CommandContext): Reply => {
    const zset = readSortedSet(context);
    const rank = zset?.rank(context.arg(2));
    if (zset === undefined || rank === undefined) return null;
    return reverse ? zset.size - 1 - rank : rank;
  };
}

function zpop(end: 'min' | 'max') {
  return (context: CommandContext): Reply => {
    if (context.argv.length > 3) throw ReplyErrors.syntax();
    const mustBePositive = () => new ReplyError('ERR value is out of range, must be positive');
    const count = context.argv.length === 3 ? parseClampedInteger(context.arg(2), mustBePositive) : 1;
    if (count < 0) throw mustBePositive();
    const zset = readSortedSet(context);
    if (zset === undefined || count === 0) return [];
    const picked = popMembers(context, context.arg(1), end, count);
    context.propagateAs(['ZREM', context.arg(1), ...picked.map(({ member }) => member)]);
    return picked.flatMap(({ member, score }) => [member, formatScore(score)]);
  };
}

function zcount(context: CommandContext): Reply {
  const range = parseScoreRange(context.arg(2), context.arg(3));
  const zset = readSortedSet(context);
  if (zset === undefined) return 0;
  return zset.sorted().filter(({ score }) => scoreInRange(range, score)).length;
}

function zscore(context: CommandContext): Reply {
  const score = readSortedSet(context)?.score(context.arg(2));
  return score === undefined ? null : formatScore(score);
}

/**
 * The sorted set commands.
 *
 * @example
 * ```ts
 * ks.execute(['ZADD', 'board', '10', 'ada', '7', 'bob']); // 2
 * ks.execute(['ZPOPMAX', 'board']);                       // ['ada', '10'], propagated as ZREM board ada
 * ```
 */
export const sortedSetCommands: CommandSpecification[] = [
  ...zaddCommands,
  defineCommand({ name: 'zrem', arity: -3, flags: ['write'], keys: firstKeyWritten, run: zrem }),
  defineCommand({ name: 'zscore', arity: 3, flags: ['readonly'], reply: 'double', keys: firstKeyRead, run: zscore }),
  defineCommand({ name: 'zcard', arity: 2, flags: ['readonly'], keys: firstKeyRead, run: (c) => readSortedSet(c)?.size ?? 0 }),
  defineCommand({ name: 'zrank', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: zrank(false) }),
  defineCommand({ name: 'zrevrank', arity: 3, flags: ['readonly'], keys: firstKeyRead, run: zrank(true) }),
  defineCommand({ name: 'zcount', arity: 4, flags: ['readonly'], keys: firstKeyRead, run: zcount }),
  defineCommand({ name: 'zpopmin', arity: -2, flags: ['write'], reply: (argv) => (argv.length > 2 ? 'scoredPairs' : 'scoredPair'), keys: firstKeyWritten, run: zpop('min') }),
  defineCommand({ name: 'zpopmax', arity: -2, flags: ['write'], reply: (argv) => (argv.length > 2 ? 'scoredPairs' : 'scoredPair'), keys: firstKeyWritten, run: zpop('max') }),
  defineCommand({
    name: 'zmscore',
    arity: -3,
    flags: ['readonly'],
    reply: 'double',
    keys: firstKeyRead,
    run: (c) => {
      const zset = readSortedSet(c);
      return c.argv.slice(2).map((member) => {
        const score = zset?.score(member);
        return score === undefined ? null : formatScore(score);
      });
    },
  }),
  ...zrangeCommands,
  ...zsetStoreCommands,
  ...zsetRemoveRangeCommands,
  ...zsetPopCommands,
];
