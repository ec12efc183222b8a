import { defineCommand, shapeWithOption, type CommandSpecification, type KeyReference, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { formatScore, parseDouble, parseClampedInteger } from '../parse.js';
import { parseCountOption } from './countArguments.js';
import { countedKeys } from './keySpecs.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { SortedSet } from '../SortedSet.js';

type Aggregate = 'sum' | 'min' | 'max';

/** One source: its member → score pairs (a plain set counts as scores of 1) and its weight. */
interface Source {
  readonly scores: ReadonlyMap<string, number>;
  weight: number;
}

function readSource(context: CommandContext, key: string): Source {
  const entry = context.read(key);
  if (entry === undefined) return { scores: new Map(), weight: 1 };
  if (entry.type === 'zset') return { scores: new Map((entry.value as SortedSet).entries()), weight: 1 };
  if (entry.type === 'set') return { scores: new Map([...(entry.value as Set<string>)].map((member) => [member, 1])), weight: 1 };
  throw ReplyErrors.wrongType();
}

/** Which options a command of the family takes (`zunionInterDiffGenericCommand`'s switches). */
interface Variant {
  readonly name: string;
  readonly numkeysIndex: number;
  /** WEIGHTS and AGGREGATE (not ZDIFF, not the cardinality form). */
  readonly weights: boolean;
  /** WITHSCORES (the non-STORE replies). */
  readonly withScores: boolean;
  /** LIMIT (ZINTERCARD). */
  readonly limit: boolean;
}

interface ParsedSources {
  sources: Source[];
  aggregate: Aggregate;
  withScores: boolean;
  limit: number;
}

/** Parses numkeys, reads the sources (type errors first, as Valkey) and the options of `variant`. */
function parseSources(context: CommandContext, variant: Variant): ParsedSources {
  const first = variant.numkeysIndex + 1;
  const count = parseClampedInteger(context.arg(variant.numkeysIndex));
  if (count < 1) throw new ReplyError(`ERR at least 1 input key is needed for '${variant.name}' command`);
  if (count > context.argv.length - first) throw ReplyErrors.syntax();
  const parsed: ParsedSources = { sources: context.argv.slice(first, first + count).map((key) => readSource(context, key)), aggregate: 'sum', withScores: false, limit: 0 };
  for (let index = first + count; index < context.argv.length;) {
    const option = context.arg(index).toLowerCase();
    const remaining = context.argv.length - index;
    if (variant.weights && option === 'weights' && remaining >= count + 1) {
      for (const source of parsed.sources) source.weight = parseDouble(context.arg(++index), () => new ReplyError('ERR weight value is not a float'));
      index++;
    } else if (variant.weights && option === 'aggregate' && remaining >= 2) {
      const mode = context.arg(index + 1).toLowerCase();
      if (mode !== 'sum' && mode !== 'min' && mode !== 'max') throw ReplyErrors.syntax();
      parsed.aggregate = mode;
      index += 2;
    } else if (variant.withScores && option === 'withscores') {
      parsed.withScores = true;
      index++;
    } else if (variant.limit && option === 'limit' && remaining >= 2) {
      parsed.limit = parseCountOption(context.arg(index + 1), "LIMIT can't be negative", 0n);
      index += 2;
    } else throw ReplyErrors.syntax();
  }
  return parsed;
}

/** Weighted score, with inf × 0 (NaN) read as 0, as Valkey does. */
function weighted(source: Source, score: number): number {
  const value = source.weight * score;
  return Number.isNaN(value) ? 0 : value + 0;
}

function aggregateScores(aggregate: Aggregate, total: number, value: number): number {
  if (aggregate === 'min') return Math.min(total, value);
  if (aggregate === 'max') return Math.max(total, value);
  const sum = total + value;
  // inf + -inf: Valkey keeps 0 rather than NaN.
  return Number.isNaN(sum) ? 0 : sum;
}

/** Sources smallest first, as Valkey sorts them: this fixes the order (and so the rounding) of sums. */
function bySize(sources: readonly Source[]): Source[] {
  return sources.slice().sort((a, b) => a.scores.size - b.scores.size);
}

function union(sources: readonly Source[], aggregate: Aggregate): Map<string, number> {
  const result = new Map<string, number>();
  for (const source of bySize(sources)) {
    for (const [member, score] of source.scores) {
      const value = weighted(source, score);
      const total = result.get(member);
      result.set(member, total === undefined ? value : aggregateScores(aggregate, total, value));
    }
  }
  return result;
}

function intersection(sources: readonly Source[], aggregate: Aggregate): Map<string, number> {
  const [smallest, ...others] = bySize(sources) as [Source, ...Source[]];
  const result = new Map<string, number>();
  for (const [member, score] of smallest.scores) {
    if (!others.every((source) => source.scores.has(member))) continue;
    let total = weighted(smallest, score);
    for (const source of others) total = aggregateScores(aggregate, total, weighted(source, source.scores.get(member)!));
    result.set(member, total);
  }
  return result;
}

/** Members of the first source missing from all the others, with their first-source scores. */
function difference(sources: readonly Source[]): Map<string, number> {
  const [first, ...others] = sources as [Source, ...Source[]];
  return new Map([...first.scores].filter(([member]) => !others.some((source) => source.scores.has(member))));
}

type Operation = 'union' | 'inter' | 'diff';
const COMBINE: Record<Operation, (sources: readonly Source[], aggregate: Aggregate) => Map<string, number>> = {
  union,
  inter: intersection,
  diff: difference,
};

const storeVariant = (name: string, operation: Operation): Variant => ({ name, numkeysIndex: 2, weights: operation !== 'diff', withScores: false, limit: false });

function store(name: string, operation: Operation) {
  return (context: CommandContext): Reply => {
    const { sources, aggregate } = parseSources(context, storeVariant(name, operation));
    const result = COMBINE[operation](sources, aggregate);
    const destination = context.arg(1);
    // Valkey overwrites the destination in place; an empty result deletes it.
    if (result.size > 0) context.overwrite(destination, 'zset', SortedSet.from(result));
    else context.remove(destination);
    return result.size;
  };
}

/** ZUNION/ZINTER/ZDIFF numkeys key… [options] [WITHSCORES]: the result in sorted-set order. */
function combined(name: string, operation: Operation) {
  return (context: CommandContext): Reply => {
    const variant: Variant = { name, numkeysIndex: 1, weights: operation !== 'diff', withScores: true, limit: false };
    const { sources, aggregate, withScores } = parseSources(context, variant);
    const sorted = SortedSet.from(COMBINE[operation](sources, aggregate)).sorted();
    return withScores ? sorted.flatMap(({ member, score }) => [member, formatScore(score)]) : sorted.map(({ member }) => member);
  };
}

function zintercard(context: CommandContext): Reply {
  const { sources, limit } = parseSources(context, { name: 'zintercard', numkeysIndex: 1, weights: false, withScores: false, limit: true });
  const size = intersection(sources, 'sum').size;
  return limit > 0 ? Math.min(size, limit) : size;
}

/** ZUNION/ZINTER/ZDIFF … WITHSCORES reply score pairs (options follow the counted keys). */
const withScoresShape = shapeWithOption('withscores', 'scoredPairs', 'bulk', (argv) => 2 + (/^[1-9][0-9]*$/.test(argv[1] ?? '') ? Number(argv[1]) : argv.length));

/**
 * ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE, ZUNION, ZINTER, ZDIFF (WITHSCORES) and ZINTERCARD
 * (LIMIT), with WEIGHTS and AGGREGATE where Redis takes them; plain sets count as scores of 1.
 *
 * @example
 * ```ts
 * ks.execute(['ZUNIONSTORE', 'total', '2', 'a', 'b', 'WEIGHTS', '1', '2', 'AGGREGATE', 'MAX']);
 * ```
 */
export const zsetStoreCommands: CommandSpecification[] = [
  defineCommand({ name: 'zunionstore', arity: -4, flags: ['write'], keys: storeKeys, writesFirstKeyOnly: true, run: store('zunionstore', 'union') }),
  defineCommand({ name: 'zinterstore', arity: -4, flags: ['write'], keys: storeKeys, writesFirstKeyOnly: true, run: store('zinterstore', 'inter') }),
  defineCommand({ name: 'zdiffstore', arity: -4, flags: ['write'], keys: storeKeys, writesFirstKeyOnly: true, run: store('zdiffstore', 'diff') }),
  defineCommand({ name: 'zunion', arity: -3, flags: ['readonly'], keys: countedKeys(1, 'read'), reply: withScoresShape, run: combined('zunion', 'union') }),
  defineCommand({ name: 'zinter', arity: -3, flags: ['readonly'], keys: countedKeys(1, 'read'), reply: withScoresShape, run: combined('zinter', 'inter') }),
  defineCommand({ name: 'zdiff', arity: -3, flags: ['readonly'], keys: countedKeys(1, 'read'), reply: withScoresShape, run: combined('zdiff', 'diff') }),
  defineCommand({ name: 'zintercard', arity: -3, flags: ['readonly'], keys: countedKeys(1, 'read'), run: zintercard }),
];

/** `destination numkeys key…`: the destination is written, the sources only read. */
function storeKeys(argv: readonly string[], db: number): KeyReference[] {
  return [{ db, key: argv[1]!, write: true }, ...countedKeys(2, 'read')(argv, db)];
}
