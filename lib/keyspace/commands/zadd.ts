import { defineCommand, type CommandSpecification, type Reply, type ReplyShape } from '../commandTable.js';
import type { ByteString } from '../byteString.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore, parseDouble } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { SortedSet } from '../SortedSet.js';
import { firstKeyWritten } from './keySpecs.js';

interface ZaddFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  ch: boolean;
  incr: boolean;
}

type ZaddFlag = keyof ZaddFlags;
const FLAG_NAMES: ReadonlySet<string> = new Set(['nx', 'xx', 'gt', 'lt', 'ch', 'incr']);

/** ZADD … INCR replies a double (the flags come before the first score). */
function zaddShape(argv: readonly ByteString[]): ReplyShape {
  for (let index = 2; index < argv.length && FLAG_NAMES.has(argv[index]!.toLowerCase()); index++) if (argv[index]!.toLowerCase() === 'incr') return 'double';
  return 'bulk';
}

/** Parses the flags, then the score/member pairs, with Valkey's checks in Valkey's order. */
function parseZadd(context: CommandContext): { flags: ZaddFlags; pairs: [number, string][] } {
  const flags: ZaddFlags = { nx: false, xx: false, gt: false, lt: false, ch: false, incr: false };
  let index = 2;
  for (; index < context.argv.length && FLAG_NAMES.has(context.arg(index).toLowerCase()); index++) {
    flags[context.arg(index).toLowerCase() as ZaddFlag] = true;
  }
  const elements = context.argv.length - index;
  if (elements === 0 || elements % 2 === 1) throw ReplyErrors.syntax();
  if (flags.nx && flags.xx) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
  if ((flags.gt && flags.nx) || (flags.lt && flags.nx) || (flags.gt && flags.lt)) {
    throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (flags.incr && elements > 2) throw new ReplyError('ERR INCR option supports a single increment-element pair');
  const pairs: [number, string][] = [];
  // Score -0 is stored as 0, as Valkey's listpack encoding does.
  for (; index < context.argv.length; index += 2) pairs.push([parseDouble(context.arg(index)) + 0, context.arg(index + 1)]);
  return { flags, pairs };
}

/** The planned outcome of one pair: the new score, or null for no change. */
function planPair(flags: ZaddFlags, current: number | undefined, score: number): number | null {
  if (current === undefined) return flags.xx ? null : score;
  if (flags.nx) return null;
  const next = flags.incr ? current + score : score;
  if (Number.isNaN(next)) throw new ReplyError('ERR resulting score is not a number (NaN)');
  if ((flags.lt && next >= current) || (flags.gt && next <= current)) return null;
  return next;
}

function zadd(context: CommandContext): Reply {
  const { flags, pairs } = parseZadd(context);
  const key = context.arg(1);
  const existing = context.read(key, 'zset')?.value;
  const planned = new Map<string, number>();
  let added = 0;
  let updated = 0;
  let lastScore: number | null = null;
  for (const [score, member] of pairs) {
    const current = planned.get(member) ?? existing?.score(member);
    const next = planPair(flags, current, score);
    if (next === null) continue;
    lastScore = next;
    if (current === undefined) added++;
    else if (next !== current) updated++;
    planned.set(member, next);
  }
  const changes = [...planned].filter(([member, score]) => existing?.score(member) !== score);
  if (changes.length > 0) applyScores(context, key, new Map(changes));
  if (flags.incr) return lastScore === null ? null : formatScore(lastScore);
  return flags.ch ? added + updated : added;
}

function applyScores(context: CommandContext, key: string, scores: ReadonlyMap<string, number>): void {
  if (context.read(key, 'zset') === undefined) {
    context.create(key, 'zset', SortedSet.from(scores));
    return;
  }
  context.update(key, 'zset', (zset) => {
    for (const [member, score] of scores) if (zset.score(member) !== score) zset.set(member, score);
  });
}

/**
 * ZADD and ZINCRBY (which is ZADD with INCR).
 *
 * @example
 * ```ts
 * ks.execute(['ZADD', 'z', 'GT', 'CH', '5', 'm']); // 1 when m was added or raised
 * ks.execute(['ZINCRBY', 'z', '0.1', 'm']);        // '5.0999999999999996' (%.17g, as Redis 7.0)
 * ```
 */
export const zaddCommands: CommandSpecification[] = [
  defineCommand({ name: 'zadd', arity: -4, flags: ['write'], reply: zaddShape, keys: firstKeyWritten, run: zadd }),
  defineCommand({
    name: 'zincrby',
    arity: 4,
    flags: ['write'],
    reply: 'double',
    keys: firstKeyWritten,
    run: (c) => {
      const increment = parseDouble(c.arg(2)) + 0;
      const key = c.arg(1);
      const current = c.read(key, 'zset')?.value.score(c.arg(3));
      const next = planPair({ nx: false, xx: false, gt: false, lt: false, ch: false, incr: true }, current, increment)!;
      applyScores(c, key, new Map([[c.arg(3), next]]));
      return formatScore(next);
    },
  }),
];
