import { defineCommand, type CommandSpecification, type KeyReference, type KeySpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseDouble, parseClampedInteger } from '../parse.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import { SortedSet } from '../SortedSet.js';

type Aggregate = 'sum' | 'min' | 'max';

/** One source: its member → score pairs (a plain set counts as scores of 1) and its weight. */
interface Source {
  readonly scores: ReadonlyMap<string, number>;
  weight: number;
}

/** `destination numkeys key…`: the destination is written, the sources only read. */
const storeKeys: KeySpecification = (argv, db) => {
  const keys: KeyReference[] = [{ db, key: argv[1]!, write: true }];
  const count = /^[1-9][0-9]*$/.test(argv[2]!) ? Number(argv[2]) : 0;
  for (let index = 3; index < Math.min(3 + count, argv.length); index++) keys.push({ db, key: argv[index]!, write: false });
  return keys;
};

function readSource(context: CommandContext, key: string): Source {
  const entry = context.read(key);
  if (entry === undefined) return { scores: new Map(), weight: 1 };
  if (entry.type === 'zset') return { scores: new Map((entry.value as SortedSet).entries()), weight: 1 };
  if (entry.type === 'set') return { scores: new Map([...(entry.value as Set<string>)].map((member) => [member, 1])), weight: 1 };
  throw ReplyErrors.wrongType();
}

/** Parses numkeys, reads the sources (type errors first, as Valkey) and the WEIGHTS/AGGREGATE options. */
function parseStore(context: CommandContext, name: string): { sources: Source[]; aggregate: Aggregate } {
  const count = parseClampedInteger(context.arg(2));
  if (count < 1) throw new ReplyError(`ERR at least 1 input key is needed for '${name}' command`);
  if (count > context.argv.length - 3) throw ReplyErrors.syntax();
  const sources = context.argv.slice(3, 3 + count).map((key) => readSource(context, key));
  let aggregate: Aggregate = 'sum';
  for (let index = 3 + count; index < context.argv.length; ) {
    const option = context.arg(index).toLowerCase();
    const remaining = context.argv.length - index;
    if (option === 'weights' && remaining >= count + 1) {
      for (const source of sources) source.weight = parseDouble(context.arg(++index), () => new ReplyError('ERR weight value is not a float'));
      index++;
    } else if (option === 'aggregate' && remaining >= 2) {
      const mode = context.arg(index + 1).toLowerCase();
      if (mode !== 'sum' && mode !== 'min' && mode !== 'max') throw ReplyErrors.syntax();
      aggregate = mode;
      index += 2;
    } else throw ReplyErrors.syntax();
  }
  return { sources, aggregate };
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

function store(name: string, combine: typeof union) {
  return (context: CommandContext): Reply => {
    const { sources, aggregate } = parseStore(context, name);
    const result = combine(sources, aggregate);
    const destination = context.arg(1);
    // Valkey overwrites the destination in place; an empty result deletes it.
    if (result.size > 0) context.overwrite(destination, 'zset', SortedSet.from(result));
    else context.remove(destination);
    return result.size;
  };
}

/**
 * ZUNIONSTORE and ZINTERSTORE with WEIGHTS and AGGREGATE; plain sets count as scores of 1.
 *
 * @example
 * ```ts
 * ks.execute(['ZUNIONSTORE', 'total', '2', 'a', 'b', 'WEIGHTS', '1', '2', 'AGGREGATE', 'MAX']);
 * ```
 */
export const zsetStoreCommands: CommandSpecification[] = [
  defineCommand({ name: 'zunionstore', arity: -4, flags: ['write'], keys: storeKeys, writesFirstKeyOnly: true, run: store('zunionstore', union) }),
  defineCommand({ name: 'zinterstore', arity: -4, flags: ['write'], keys: storeKeys, writesFirstKeyOnly: true, run: store('zinterstore', intersection) }),
];
