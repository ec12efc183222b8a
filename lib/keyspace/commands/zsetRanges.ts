import { parseLenientDouble } from '../parse.js';
import { ReplyError } from '../ReplyError.js';
import type { ScoredMember } from '../SortedSet.js';

/** A score interval as ZRANGEBYSCORE takes it: `(` marks an exclusive bound. */
export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
}

/** One end of a lexicographic interval: `-`/`+` are the open ends, `[x` inclusive, `(x` exclusive. */
type LexBound = { readonly kind: 'lowest' } | { readonly kind: 'highest' } | { readonly kind: 'value'; readonly value: string; readonly exclusive: boolean };

/** A lexicographic interval as ZRANGE … BYLEX takes it. */
export interface LexRange {
  readonly min: LexBound;
  readonly max: LexBound;
}

/** A parsed interval of either kind, as membership tests on one member. */
export interface MemberRange {
  readonly empty: boolean;
  atLeastMin(item: ScoredMember): boolean;
  atMostMax(item: ScoredMember): boolean;
}

function parseScoreBound(text: string): { value: number; exclusive: boolean } {
  const exclusive = text.startsWith('(');
  const value = parseLenientDouble(exclusive ? text.slice(1) : text);
  if (value === undefined) throw new ReplyError('ERR min or max is not a float');
  return { value, exclusive };
}

/**
 * Parses ZRANGEBYSCORE/ZCOUNT bounds (the lenient strtod rules of `zslParseRange`).
 *
 * @example
 * ```ts
 * parseScoreRange('(1', '+inf'); // { min: 1, max: Infinity, minExclusive: true, maxExclusive: false }
 * ```
 */
export function parseScoreRange(minText: string, maxText: string): ScoreRange {
  const min = parseScoreBound(minText);
  const max = parseScoreBound(maxText);
  return { min: min.value, max: max.value, minExclusive: min.exclusive, maxExclusive: max.exclusive };
}

/** True when `score` lies in the range. */
export function scoreInRange(range: ScoreRange, score: number): boolean {
  return scoreAtLeastMin(range, score) && scoreAtMostMax(range, score);
}

function scoreAtLeastMin(range: ScoreRange, score: number): boolean {
  return range.minExclusive ? score > range.min : score >= range.min;
}

function scoreAtMostMax(range: ScoreRange, score: number): boolean {
  return range.maxExclusive ? score < range.max : score <= range.max;
}

/** The score range as member tests. */
export function scoreMemberRange(range: ScoreRange): MemberRange {
  return {
    empty: range.min > range.max || (range.min === range.max && (range.minExclusive || range.maxExclusive)),
    atLeastMin: ({ score }) => scoreAtLeastMin(range, score),
    atMostMax: ({ score }) => scoreAtMostMax(range, score),
  };
}

function parseLexBound(text: string): LexBound {
  if (text === '-') return { kind: 'lowest' };
  if (text === '+') return { kind: 'highest' };
  if (text.startsWith('(') || text.startsWith('[')) return { kind: 'value', value: text.slice(1), exclusive: text.startsWith('(') };
  throw new ReplyError('ERR min or max not valid string range item');
}

/**
 * Parses BYLEX bounds.
 *
 * @example
 * ```ts
 * lexMemberRange(parseLexRange('[a', '(c')).atMostMax({ member: 'b', score: 0 }); // true
 * ```
 */
export function parseLexRange(minText: string, maxText: string): LexRange {
  return { min: parseLexBound(minText), max: parseLexBound(maxText) };
}

/** Compares a bound with a member string: negative when the bound sorts before it. */
function compareBound(bound: LexBound, member: string): number {
  if (bound.kind === 'lowest') return -1;
  if (bound.kind === 'highest') return 1;
  return bound.value < member ? -1 : bound.value > member ? 1 : 0;
}

function lexEmpty({ min, max }: LexRange): boolean {
  if (min.kind === 'highest' || max.kind === 'lowest') return true;
  if (min.kind === 'lowest' || max.kind === 'highest') return false;
  return min.value > max.value || (min.value === max.value && (min.exclusive || max.exclusive));
}

/** The lexicographic range as member tests (bytewise order, as `memcmp`). */
export function lexMemberRange(range: LexRange): MemberRange {
  const exclusive = (bound: LexBound) => bound.kind !== 'value' || bound.exclusive;
  return {
    empty: lexEmpty(range),
    atLeastMin: ({ member }) => {
      const order = compareBound(range.min, member);
      return exclusive(range.min) ? order < 0 : order <= 0;
    },
    atMostMax: ({ member }) => {
      const order = compareBound(range.max, member);
      return exclusive(range.max) ? order > 0 : order >= 0;
    },
  };
}

/**
 * The members of `sorted` in `range`, walked the way Valkey walks a small sorted set: find the
 * first member at or past the start bound (from the end when `reverse`), skip `offset`, then take
 * up to `limit` (negative: all) while the end bound holds. For BYLEX over mixed scores this gives
 * Valkey's (unspecified but deterministic) answer too.
 */
export function walkRange(sorted: readonly ScoredMember[], range: MemberRange, reverse: boolean, offset: number, limit: number): ScoredMember[] {
  if (offset < 0 || (offset > 0 && offset >= sorted.length)) return [];
  if (range.empty || sorted.length === 0 || !range.atLeastMin(sorted.at(-1)!) || !range.atMostMax(sorted[0]!)) return [];
  const view = reverse ? sorted.slice().reverse() : sorted;
  const [enters, stays] = reverse ? [range.atMostMax, range.atLeastMin] : [range.atLeastMin, range.atMostMax];
  const first = view.findIndex(enters);
  if (first === -1 || !stays(view[first]!)) return [];
  const found: ScoredMember[] = [];
  for (let index = first + offset; index < view.length && found.length !== limit && stays(view[index]!); index++) {
    found.push(view[index]!);
  }
  return found;
}
