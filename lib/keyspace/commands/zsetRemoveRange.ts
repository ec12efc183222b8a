import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseClampedInteger } from '../parse.js';
import type { ScoredMember } from '../SortedSet.js';
import { firstKeyRead, firstKeyWritten } from './keySpecs.js';
import { listRange } from './listRange.js';
import { lexMemberRange, parseLexRange, parseScoreRange, scoreMemberRange, walkRange } from './zsetRanges.js';

type RangeKind = 'rank' | 'score' | 'lex';

/** Parses `min max` of the kind (errors before the key is looked at) into a selection. */
function rangeSelector(context: CommandContext, kind: RangeKind): (sorted: readonly ScoredMember[]) => ScoredMember[] {
  if (kind === 'rank') {
    const start = parseClampedInteger(context.arg(2));
    const stop = parseClampedInteger(context.arg(3));
    return (sorted) => {
      const range = listRange(sorted.length, start, stop);
      return range === null ? [] : sorted.slice(range.start, range.stop + 1);
    };
  }
  const range = kind === 'score' ? scoreMemberRange(parseScoreRange(context.arg(2), context.arg(3))) : lexMemberRange(parseLexRange(context.arg(2), context.arg(3)));
  return (sorted) => walkRange(sorted, range, false, 0, -1);
}

function removeRange(kind: RangeKind) {
  return (context: CommandContext): Reply => {
    const select = rangeSelector(context, kind);
    const zset = context.read(context.arg(1), 'zset')?.value;
    if (zset === undefined) return 0;
    const doomed = select(zset.sorted());
    if (doomed.length === 0) return 0;
    return context.update(context.arg(1), 'zset', (writable) => doomed.filter(({ member }) => writable.delete(member)).length);
  };
}

/**
 * ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX and ZLEXCOUNT.
 *
 * @example
 * ```ts
 * ks.execute(['ZREMRANGEBYSCORE', 'z', '-inf', '(0']); // number of members with a negative score, removed
 * ks.execute(['ZLEXCOUNT', 'z', '[a', '(c']);           // members from a to before c
 * ```
 */
export const zsetRemoveRangeCommands: CommandSpecification[] = [
  defineCommand({ name: 'zremrangebyrank', arity: 4, flags: ['write'], keys: firstKeyWritten, run: removeRange('rank') }),
  defineCommand({ name: 'zremrangebyscore', arity: 4, flags: ['write'], keys: firstKeyWritten, run: removeRange('score') }),
  defineCommand({ name: 'zremrangebylex', arity: 4, flags: ['write'], keys: firstKeyWritten, run: removeRange('lex') }),
  defineCommand({
    name: 'zlexcount',
    arity: 4,
    flags: ['readonly'],
    keys: firstKeyRead,
    run: (c) => {
      const select = rangeSelector(c, 'lex');
      const zset = c.read(c.arg(1), 'zset')?.value;
      return zset === undefined ? 0 : select(zset.sorted()).length;
    },
  }),
];
