import { defineCommand, keyRange, shapeWithOption, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore, parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { SortedSet, type ScoredMember } from '../SortedSet.js';
import { firstKeyRead } from './keySpecs.js';
import { listRange } from './listRange.js';
import { lexMemberRange, parseLexRange, parseScoreRange, scoreMemberRange, walkRange, type MemberRange } from './zsetRanges.js';

type RangeKind = 'rank' | 'score' | 'lex';

interface ZrangeOptions {
  kind: RangeKind | null;
  reverse: boolean | null;
  withScores: boolean;
  offset: number;
  /** -1 when LIMIT was not given (Valkey cannot tell `LIMIT x -1` from no LIMIT either). */
  limit: number;
}

/**
 * Parses the options after `key min max` (at `first`); `preset` fixes kind and direction
 * (ZRANGEBYSCORE); ZRANGESTORE (`store`) takes no WITHSCORES.
 */
function parseOptions(context: CommandContext, preset: Partial<ZrangeOptions>, first: number, store: boolean): ZrangeOptions {
  const options: ZrangeOptions = { kind: null, reverse: null, withScores: false, offset: 0, limit: -1, ...preset };
  for (let index = first; index < context.argv.length; index++) {
    const option = context.arg(index).toLowerCase();
    const remaining = context.argv.length - index - 1;
    if (option === 'withscores' && !store) options.withScores = true;
    else if (option === 'limit' && remaining >= 2) {
      options.offset = parseClampedInteger(context.arg(index + 1));
      options.limit = parseClampedInteger(context.arg(index + 2));
      index += 2;
    } else if (option === 'rev' && options.reverse === null) options.reverse = true;
    else if (option === 'bylex' && options.kind === null) options.kind = 'lex';
    else if (option === 'byscore' && options.kind === null) options.kind = 'score';
    else throw ReplyErrors.syntax();
  }
  options.kind ??= 'rank';
  options.reverse ??= false;
  if (options.limit !== -1 && options.kind === 'rank') {
    throw new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (options.withScores && options.kind === 'lex') {
    throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  return options;
}

/** ZRANGE's selection: the members of the source in the requested range, and the options. */
function selectRange(context: CommandContext, preset: Partial<ZrangeOptions>, keyIndex: number, store: boolean): { found: ScoredMember[]; options: ZrangeOptions } {
  const options = parseOptions(context, preset, keyIndex + 3, store);
  const [low, high] = [context.arg(keyIndex + 1), context.arg(keyIndex + 2)];
  // Score and lex ranges are given as max, min when reversed.
  const [minText, maxText] = options.reverse && options.kind !== 'rank' ? [high, low] : [low, high];
  let select: (sorted: readonly ScoredMember[]) => ScoredMember[];
  if (options.kind === 'rank') {
    const start = parseClampedInteger(minText);
    const stop = parseClampedInteger(maxText);
    select = (sorted) => {
      const range = listRange(sorted.length, start, stop);
      if (range === null) return [];
      const view = options.reverse ? sorted.slice().reverse() : sorted;
      return view.slice(range.start, range.stop + 1);
    };
  } else {
    const range: MemberRange = options.kind === 'score' ? scoreMemberRange(parseScoreRange(minText, maxText)) : lexMemberRange(parseLexRange(minText, maxText));
    select = (sorted) => walkRange(sorted, range, options.reverse!, options.offset, options.limit);
  }
  const zset = context.read(context.arg(keyIndex), 'zset')?.value;
  return { found: zset === undefined ? [] : select(zset.sorted()), options };
}

function zrange(context: CommandContext, preset: Partial<ZrangeOptions>): Reply {
  const { found, options } = selectRange(context, preset, 1, false);
  return options.withScores ? found.flatMap(({ member, score }) => [member, formatScore(score)]) : found.map(({ member }) => member);
}

/** ZRANGESTORE dst src min max […]: the range replaces dst (deleted when empty); replies its size. */
function zrangestore(context: CommandContext): Reply {
  const { found } = selectRange(context, {}, 2, true);
  const destination = context.arg(1);
  context.remove(destination);
  if (found.length > 0) context.create(destination, 'zset', SortedSet.from(found.map(({ member, score }) => [member, score])));
  return found.length;
}

/**
 * ZRANGE in all its forms, and the legacy ZRANGEBYSCORE, ZREVRANGEBYSCORE and ZREVRANGE.
 *
 * @example
 * ```ts
 * ks.execute(['ZRANGE', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '0', '10', 'WITHSCORES']);
 * ks.execute(['ZRANGE', 'z', '[b', '-', 'BYLEX', 'REV']);
 * ```
 */
export const zrangeCommands: CommandSpecification[] = [
  defineCommand({ name: 'zrange', arity: -4, flags: ['readonly'], reply: shapeWithOption('withscores', 'scoredPairs', 'bulk', 4), keys: firstKeyRead, run: (c) => zrange(c, {}) }),
  defineCommand({
    name: 'zrangebyscore',
    arity: -4,
    flags: ['readonly'],
    reply: shapeWithOption('withscores', 'scoredPairs', 'bulk', 4),
    keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'score', reverse: false }),
  }),
  defineCommand({
    name: 'zrevrangebyscore',
    arity: -4,
    flags: ['readonly'],
    reply: shapeWithOption('withscores', 'scoredPairs', 'bulk', 4),
    keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'score', reverse: true }),
  }),
  defineCommand({
    name: 'zrevrange',
    arity: -4,
    flags: ['readonly'],
    reply: shapeWithOption('withscores', 'scoredPairs', 'bulk', 4),
    keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'rank', reverse: true }),
  }),
  defineCommand({
    name: 'zrangebylex',
    arity: -4,
    flags: ['readonly'],
    keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'lex', reverse: false }),
  }),
  defineCommand({
    name: 'zrevrangebylex',
    arity: -4,
    flags: ['readonly'],
    keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'lex', reverse: true }),
  }),
  defineCommand({ name: 'zrangestore', arity: -5, flags: ['write'], keys: keyRange(1, 2, 1, 'first-write'), writesFirstKeyOnly: true, run: zrangestore }),
];
