import type { SchedulerLike } from 'rxjs';
import { ForklessError } from './errors.js';

/**
 * One option of a component: its default and the values it accepts, with the accepted range in
 * words for the error message. A `required` option has no default.
 */
export interface OptionRule<T> {
  readonly default: T;
  /** The accepted range, e.g. "an integer from 1 to 65535". */
  readonly range: string;
  readonly accepts: (value: unknown) => boolean;
  readonly required?: boolean;
}

/** A component's defaults table: one rule per option, nested tables for option groups. */
export type OptionTable = { readonly [name: string]: OptionRule<unknown> | OptionTable };

/** The options a table gives once normalized: every option set, defaults filled in. */
export type NormalizedOptions<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K] extends OptionRule<infer V> ? V : T[K] extends OptionTable ? NormalizedOptions<T[K]> : never;
};

/** The longest delay Node's timers take (larger ones fire after 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** An integer option from `min` to `max`. */
export function integerOption(defaultValue: number, min: number, max = Number.MAX_SAFE_INTEGER): OptionRule<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  return { default: defaultValue, range, accepts: (value) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max };
}

/** A finite number option above `min` (or from `min` with `inclusive`) up to `max`. */
export function numberOption(defaultValue: number, min: number, { inclusive = false, max = Infinity } = {}): OptionRule<number> {
  const lower = inclusive ? `≥ ${min}` : `> ${min}`;
  const range = max === Infinity ? `a finite number ${lower}` : `a number ${lower} and ≤ ${max}`;
  const accepts = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && (inclusive ? value >= min : value > min) && value <= max;
  return { default: defaultValue, range, accepts };
}

/** A boolean option. */
export function booleanOption(defaultValue: boolean): OptionRule<boolean> {
  return { default: defaultValue, range: 'a boolean', accepts: (value) => typeof value === 'boolean' };
}

/** A function option (a clock, a callback). */
export function functionOption<T extends (...args: never[]) => unknown>(defaultValue: T | undefined, range = 'a function'): OptionRule<T> {
  return { default: defaultValue as T, range, accepts: (value) => typeof value === 'function' };
}

/** An RxJS scheduler option (an object with `schedule` and `now` functions). */
export function schedulerOption<T extends SchedulerLike | undefined>(defaultValue: T): OptionRule<T> {
  return { default: defaultValue, range: 'an RxJS scheduler (schedule and now functions)', accepts: (value) => hasMethods(value, 'schedule', 'now') };
}

/** True for an object with functions of these names (a scheduler, an Observable). */
export function hasMethods(value: unknown, ...names: string[]): boolean {
  return typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/** An option with its own test. */
export function customOption<T>(defaultValue: T, range: string, accepts: (value: unknown) => boolean): OptionRule<T> {
  return { default: defaultValue, range, accepts };
}

/** An option the caller must give. */
export function requiredOption<T>(range: string, accepts: (value: unknown) => boolean): OptionRule<T> {
  return { default: undefined as T, range, accepts, required: true };
}

/**
 * Checks `options` against a defaults table and returns them with every default filled in.
 * `undefined` means "the default". Throws `FORKLESS_ERR_INVALID_OPTION` naming the option (with its
 * group, e.g. `backlog.maxBytes`), the value and the accepted range, for a bad value, a missing
 * required option, an unknown option or options that are not an object.
 *
 * @example
 * ```ts
 * const table = { batchSize: integerOption(512, 1) };
 * normalizeOptions('bgIteration', table, { batchSize: 0 });
 * // throws: "bgIteration: batchSize must be an integer ≥ 1, got 0"
 * ```
 */
export function normalizeOptions<T extends OptionTable>(component: string, table: T, options: unknown, prefix = ''): NormalizedOptions<T> {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw invalidOption(component, prefix === '' ? 'options' : prefix.slice(0, -1), options, 'an object');
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in table) && given[name] !== undefined) {
      throw invalidOption(component, prefix + name, given[name], `one of the known options (${Object.keys(table).join(', ')})`, 'is not an option');
    }
  }
  const normalized: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(table)) {
    const value = given[name];
    if (!isRule(rule)) normalized[name] = normalizeOptions(component, rule, value, `${prefix}${name}.`);
    else if (value === undefined && !rule.required) normalized[name] = rule.default;
    else if (rule.accepts(value)) normalized[name] = value;
    else throw invalidOption(component, prefix + name, value, rule.range);
  }
  return normalized as NormalizedOptions<T>;
}

/**
 * The error for a rejected option: `FORKLESS_ERR_INVALID_OPTION` with `details` { option, value,
 * range }.
 *
 * @example
 * ```ts
 * throw invalidOption('startLeader', 'port', 70000, 'an integer from 0 to 65535');
 * ```
 */
export function invalidOption(component: string, option: string, value: unknown, range: string, verdict = 'must be'): ForklessError {
  const message = verdict === 'must be' ? `${component}: ${option} must be ${range}, got ${describe(value)}` : `${component}: ${option} ${verdict}; expected ${range}`;
  return new ForklessError('FORKLESS_ERR_INVALID_OPTION', message, { option, value, range });
}

function isRule(entry: OptionRule<unknown> | OptionTable): entry is OptionRule<unknown> {
  return typeof (entry as OptionRule<unknown>).accepts === 'function';
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  return Array.isArray(value) ? 'an array' : 'an object';
}
