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


/** One row of the command table. */
export interface CommandSpecification {
  /** Lower-case name. */
  readonly name: string;
  /** Valkey's arity: N means exactly N arguments (name included), -N means at least N. */
  readonly arity: number;
  readonly flags: ReadonlySet<CommandFlag>;
  readonly keys: KeySpecification;
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
  return {
    name: definition.name,
    arity: definition.arity,
    flags,
    keys: definition.keys ?? noKeys,
    run: definition.run,
  };
}

const noKeys: KeySpecification = () => [];

/**
 * Keys at positions `first`, `first + step`, … up to `last` (negative counts from the end), like
 * Valkey's legacy range key spec. `access` says which of them are written.
 *
 * @example
 * ```ts
 * keyRange(1, -1, 2, 'write')(['MSET', 'a', '1', 'b', '2'], 0); // a and b, both written
 * ```
 */
export function keyRange(
  first: number,
  last: number,
  step: number,
  access: 'read' | 'write' | 'first-write',
): KeySpecification {
  return (argv, db) => {
    const end = last < 0 ? argv.length + last : Math.min(last, argv.length - 1);
    const keys: KeyReference[] = [];
    for (let index = first; index <= end; index += step) {
      const write = access === 'write' || (access === 'first-write' && index === first);
      keys.push({ db, key: argv[index]!, write });
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
