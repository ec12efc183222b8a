import type { CommandContext } from '../CommandContext.js';

/**
 * Resolves a SORT BY/GET pattern for one element, as Redis's `lookupKeyByPattern`: `#` is the
 * element itself; the first `*` is replaced by the element; `key->field` reads a hash field;
 * otherwise a string key. Undefined when the key is missing, of another type, or the pattern has
 * no `*`.
 *
 * @example
 * ```ts
 * lookupByPattern(context, 'weight_*', '3');    // GET weight_3
 * lookupByPattern(context, 'obj_*->name', '3'); // HGET obj_3 name
 * ```
 */
export function lookupByPattern(context: CommandContext, pattern: string, element: string): string | undefined {
  if (pattern === '#') return element;
  const star = pattern.indexOf('*');
  if (star === -1) return undefined;
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow !== -1 && arrow + 2 < pattern.length;
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, hasField ? arrow : pattern.length);
  const entry = context.read(key);
  if (entry === undefined) return undefined;
  if (hasField) return entry.type === 'hash' ? (entry.value as Map<string, string>).get(pattern.slice(arrow + 2)) : undefined;
  return entry.type === 'string' ? (entry.value as string) : undefined;
}
