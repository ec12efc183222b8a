import { defineCommand, shapeWithOption, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore, parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import type { ScoredMember } from '../SortedSet.js';
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

/** Parses the options after `key min max`; `preset` fixes kind and direction (ZRANGEBYSCORE). */
function parseOptions(context: CommandContext, preset: Partial<ZrangeOptions>): ZrangeOptions {
  const options: ZrangeOptions = { kind: null, reverse: null, withScores: false, offset: 0, limit: -1, ...preset };
  for (let index = 4; index < context.argv.length; index++) {
    const option = context.arg(index).toLowerCase();
    const remaining = context.argv.length - index - 1;
    if (option === 'withscores') options.withScores = true;
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

function zrange(context: CommandContext, preset: Partial<ZrangeOptions>): Reply {
  const options = parseOptions(context, preset);
  // Score and lex ranges are given as max, min when reversed.
  const [minText, maxText] = options.reverse && options.kind !== 'rank' ? [context.arg(3), context.arg(2)] : [context.arg(2), context.arg(3)];
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
  const zset = context.read(context.arg(1), 'zset')?.value;
  if (zset === undefined) return [];
  const found = select(zset.sorted());
  return options.withScores ? found.flatMap(({ member, score }) => [member, formatScore(score)]) : found.map(({ member }) => member);
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
  defineCommand({ name: 'zrange', arity: -4, flags: ['readonly'], reply: shapeWithOption('withscores', 'scoredPairs', 'bulk'), keys: firstKeyRead, run: (c) => zrange(c, {}) }),
  defineCommand({
    name: 'zrangebyscore', arity: -4, flags: ['readonly'], reply: shapeWithOption('withscores', 'scoredPairs', 'bulk'), keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'score', reverse: false }),
  }),
  defineCommand({
    name: 'zrevrangebyscore', arity: -4, flags: ['readonly'], reply: shapeWithOption('withscores', 'scoredPairs', 'bulk'), keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'score', reverse: true }),
  }),
  defineCommand({
    name: 'zrevrange', arity: -4, flags: ['readonly'], reply: shapeWithOption('withscores', 'scoredPairs', 'bulk'), keys: firstKeyRead,
    run: (c) => zrange(c, { kind: 'rank', reverse: true }),
  }),
];
