import { defineCommand, shapeWithOption, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore, parseBigInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import type { SortedSet } from '../SortedSet.js';
import { firstKeyRead } from './keySpecs.js';
import { pickDistinct, pickWithRepetition } from './randomPick.js';

const LONG_MAX = 2n ** 63n - 1n;

/** Reads the key's items as [name, value] pairs (undefined when missing; WRONGTYPE otherwise). */
type ItemReader = (context: CommandContext) => [string, string][] | undefined;

const hashItems: ItemReader = (context) => {
  const hash = context.read(context.arg(1), 'hash')?.value;
  return hash === undefined ? undefined : [...hash];
};

const zsetItems: ItemReader = (context) => {
  const zset: SortedSet | undefined = context.read(context.arg(1), 'zset')?.value;
  return zset === undefined ? undefined : Array.from(zset.entries(), ([member, score]) => [member, formatScore(score)]);
};

/**
 * HRANDFIELD key [count [WITHVALUES]] and ZRANDMEMBER key [count [WITHSCORES]]: a positive count
 * gives distinct items, a negative one allows repetitions; the pair form replies name, value, ….
 */
function randomMembers(read: ItemReader, withWord: string) {
  return (context: CommandContext): Reply => {
    if (context.argv.length === 2) {
      const items = read(context);
      return items === undefined ? null : pickDistinct(items, 1)[0]![0];
    }
    const requested = parseBigInteger(context.arg(2));
    if (requested < -LONG_MAX) throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    const withValues = context.argv.length === 4;
    if (context.argv.length > 4 || (withValues && context.arg(3).toLowerCase() !== withWord)) throw ReplyErrors.syntax();
    if (withValues && (requested < -LONG_MAX / 2n || requested > LONG_MAX / 2n)) throw new ReplyError('ERR value is out of range');
    const items = read(context);
    if (items === undefined || requested === 0n) return [];
    const count = Number(requested > 2n ** 32n ? 2n ** 32n : requested < -(2n ** 32n) ? -(2n ** 32n) : requested);
    const picked = count > 0 ? pickDistinct(items, count) : pickWithRepetition(items, -count);
    return withValues ? picked.flat() : picked.map(([name]) => name);
  };
}

/**
 * HRANDFIELD and ZRANDMEMBER.
 *
 * @example
 * ```ts
 * ks.execute(['HRANDFIELD', 'h', '-3', 'WITHVALUES']); // three random field/value pairs, repeats allowed
 * ```
 */
export const randomMemberCommands: CommandSpecification[] = [
  defineCommand({
    name: 'hrandfield',
    arity: -2,
    flags: ['readonly'],
    keys: firstKeyRead,
    reply: shapeWithOption('withvalues', 'pairs', 'bulk', 3),
    run: randomMembers(hashItems, 'withvalues'),
  }),
  defineCommand({
    name: 'zrandmember',
    arity: -2,
    flags: ['readonly'],
    keys: firstKeyRead,
    reply: shapeWithOption('withscores', 'scoredPairs', 'bulk', 3),
    run: randomMembers(zsetItems, 'withscores'),
  }),
];
