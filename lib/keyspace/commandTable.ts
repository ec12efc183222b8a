import type { ByteString } from './byteString.js';
import type { CommandContext } from './CommandContext.js';
import type { KeyReference, KeySpecification } from './KeyReference.js';
import type { Reply } from './Reply.js';

export type { Reply } from './Reply.js';
export type { KeyReference, KeySpecification } from './KeyReference.js';

/**
 * Command flags, after Valkey's:
 * - `write`: may change the keyspace; `readonly`: never does.
 * - `keyless-write`: a write with no keys (FLUSHDB, SWAPDB, …): it affects everything.
 * - `write-first-key-only`: derived: only the first key is written, the others only read.
 * - `no-multi`: not allowed inside MULTI; `transaction`: MULTI/EXEC/DISCARD themselves.
 * - `blocking`: may block the client (BLPOP, BZPOPMIN, …); the keyspace itself runs it as Redis
 *   does when a client cannot block: served if there is data, else the timeout reply at once.
 * - `may-replicate`: flagged `readonly` but may change a value and then propagates (PFCOUNT
 *   caching the cardinality inside the HyperLogLog string, as Redis does).
 */
export type CommandFlag = 'write' | 'readonly' | 'keyless-write' | 'write-first-key-only' | 'no-multi' | 'transaction' | 'blocking' | 'may-replicate';

/**
 * How a command's reply travels over RESP, beyond what {@link Reply} says (a server reads it; the
 * in-process API ignores it):
 * - `bulk` (default): strings are bulk strings, null is a null bulk.
 * - `status`: strings, also inside an array (OBJECT HELP), are simple strings (`+OK`).
 * - `array`: null is a null array (`*-1` in RESP2).
 * - `double`: strings (top level or inside an array) are RESP3 doubles (ZSCORE, ZINCRBY).
 * - `map`: a flat `[field, value, …]` array is a RESP3 map (HGETALL).
 * - `set`: an array is a RESP3 set (SMEMBERS).
 * - `pairs`: a flat `[a, b, …]` array is RESP3 `[[a, b], …]`; `scoredPairs`: the same with `b` a
 *   double (ZRANGE … WITHSCORES); `scoredPair`: `[member, score]` with the score a double.
 * - `keyedScore`: `[key, member, score]` with the score a double (BZPOPMIN);
 *   `keyedScoredPairs`: `[key, [[member, score], …]]` with the scores doubles (ZMPOP).
 * Every shape but `bulk`, `status` and `double` answers null as a null array.
 */
export type ReplyShape = 'bulk' | 'status' | 'array' | 'double' | 'map' | 'set' | 'pairs' | 'scoredPairs' | 'scoredPair' | 'keyedScore' | 'keyedScoredPairs';

/** A command's reply shape, fixed or depending on its arguments (SET … GET replies a bulk). */
export type ReplyShapeSpecification = ReplyShape | ((argv: readonly ByteString[]) => ReplyShape);

/**
 * How a `blocking` command waits when a server blocks its client on it (the keyspace itself never
 * waits): where its timeout is, and which of its keys the client waits on.
 */
export interface BlockingSpecification {
  /** Index of the timeout argument (seconds, as Redis parses it); negative counts from the end. */
  readonly timeoutIndex: number;
  /** The keys a blocked client waits on (the sources; BLMOVE waits on its source only). */
  readonly keys: KeySpecification;
}

/** One row of the command table. */
export interface CommandSpecification {
  /** Lower-case name. */
  readonly name: string;
  /** Valkey's arity: N means exactly N arguments (name included), -N means at least N. */
  readonly arity: number;
  readonly flags: ReadonlySet<CommandFlag>;
  readonly keys: KeySpecification;
  /** How the reply travels over RESP. */
  readonly reply: ReplyShapeSpecification;
  /** Present exactly on `blocking` commands. */
  readonly blocking?: BlockingSpecification;
  readonly run: (context: CommandContext) => Reply;
}

/** How a command definition is written; flags and key specs are normalized by {@link defineCommand}. */
export interface CommandDefinition {
  readonly name: string;
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  readonly keys?: KeySpecification;
  /** True when the key specification writes only the first key (derives `write-first-key-only`). */
  readonly writesFirstKeyOnly?: boolean;
  /** How the reply travels over RESP (default `bulk`). */
  readonly reply?: ReplyShapeSpecification;
  /** Makes the command `blocking` (the flag is derived from it). */
  readonly blocking?: BlockingSpecification;
  readonly run: (context: CommandContext) => Reply;
}

/**
 * Normalizes a command definition into a table row.
 *
 * @example
 * ```ts
 * defineCommand({ name: 'get', arity: 2, flags: ['readonly'], keys: keyRange(1, 1, 1, 'read'), run: (c) => c.read(c.arg(1), 'string')?.value ?? null });
 * ```
 */
export function defineCommand(definition: CommandDefinition): CommandSpecification {
  const flags = new Set(definition.flags);
  if (definition.writesFirstKeyOnly && flags.has('write')) flags.add('write-first-key-only');
  if (definition.blocking !== undefined) flags.add('blocking');
  return {
    name: definition.name,
    arity: definition.arity,
    flags,
    keys: definition.keys ?? noKeys,
    reply: definition.reply ?? 'bulk',
    blocking: definition.blocking,
    run: definition.run,
  };
}

const noKeys: KeySpecification = () => [];

/**
 * A shape that depends on whether an option word is present (case-insensitive) among the options,
 * which start at `optionsFrom` (keys and values before it never count: `SET get v` is a status).
 *
 * @example
 * ```ts
 * defineCommand({ name: 'zrange', …, reply: shapeWithOption('withscores', 'scoredPairs', 'bulk', 4) });
 * ```
 */
export function shapeWithOption(option: string, present: ReplyShape, absent: ReplyShape, optionsFrom: number | ((argv: readonly ByteString[]) => number)): ReplyShapeSpecification {
  return (argv) => {
    const from = typeof optionsFrom === 'number' ? optionsFrom : optionsFrom(argv);
    for (let index = from; index < argv.length; index++) if (argv[index]!.toLowerCase() === option) return present;
    return absent;
  };
}

/**
 * Keys at positions `first`, `first + step`, … up to `last` (negative counts from the end), like
 * Valkey's legacy range key spec. `access` says which of them are written.
 *
 * @example
 * ```ts
 * keyRange(1, -1, 2, 'write')(['MSET', 'a', '1', 'b', '2'], 0); // a and b, both written
 * ```
 */
export function keyRange(first: number, last: number, step: number, access: 'read' | 'write' | 'first-write'): KeySpecification {
  return (argv, db) => {
    const end = last < 0 ? argv.length + last : Math.min(last, argv.length - 1);
    // Sized up front: this runs for every command, and a pushed-to empty array reserves 17 slots.
    const keys = new Array<KeyReference>(end < first ? 0 : Math.floor((end - first) / step) + 1);
    for (let at = 0, index = first; at < keys.length; at++, index += step) {
      const write = access === 'write' || (access === 'first-write' && index === first);
      keys[at] = { db, key: argv[index]!, write };
    }
    return keys;
  };
}

/**
 * Builds the command table (lower-case name → specification) from definition lists.
 *
 * @example
 * ```ts
 * const table = buildCommandTable(stringCommands, genericCommands);
 * table.get('set')?.arity; // -3
 * ```
 */
export function buildCommandTable(...groups: readonly CommandSpecification[][]): ReadonlyMap<string, CommandSpecification> {
  const table = new Map<string, CommandSpecification>();
  for (const group of groups) for (const command of group) table.set(command.name, command);
  return table;
}
