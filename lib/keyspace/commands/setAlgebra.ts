import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { allKeysRead, firstWrittenRestRead } from './keySpecs.js';

type Operation = 'union' | 'inter' | 'diff';

/** Combines the sets at `keys` (a missing key is an empty set); WRONGTYPE if any key is not a set. */
export function combine(context: CommandContext, operation: Operation, keys: readonly string[]): Set<string> {
  const sets = keys.map((key) => context.read(key, 'set')?.value ?? new Set<string>());
  const [first, ...rest] = sets as [Set<string>, ...Set<string>[]];
  switch (operation) {
    case 'union':
      return new Set(sets.flatMap((set) => [...set]));
    case 'inter':
      return new Set([...first].filter((member) => rest.every((set) => set.has(member))));
    case 'diff':
      return new Set([...first].filter((member) => !rest.some((set) => set.has(member))));
  }
}

function store(context: CommandContext, operation: Operation): Reply {
  const destination = context.arg(1);
  const result = combine(context, operation, context.argv.slice(2));
  // Valkey overwrites the destination in place; an empty result deletes it.
  if (result.size > 0) context.overwrite(destination, 'set', result);
  else context.remove(destination);
  return result.size;
}

/**
 * SUNION, SINTER, SDIFF and their *STORE forms (the destination written, the sources read).
 *
 * @example
 * ```ts
 * ks.execute(['SINTERSTORE', 'both', 'a', 'b']); // size of the intersection; 'both' deleted if 0
 * ```
 */
export const setAlgebraCommands: CommandSpecification[] = (['union', 'inter', 'diff'] as const).flatMap((operation) => [
  defineCommand({
    name: `s${operation}`,
    arity: -2,
    flags: ['readonly'],
    reply: 'set',
    keys: allKeysRead,
    run: (c) => [...combine(c, operation, c.argv.slice(1))],
  }),
  defineCommand({
    name: `s${operation}store`,
    arity: -3,
    flags: ['write'],
    keys: firstWrittenRestRead,
    writesFirstKeyOnly: true,
    run: (c) => store(c, operation),
  }),
]);
