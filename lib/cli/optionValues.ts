import type { CommandLine } from './CliCommand.js';
import { UsageError } from './UsageError.js';

/**
 * A string flag's value, or `fallback` when absent.
 *
 * @example
 * ```ts
 * const token = stringOption(commandLine, 'token'); // string | undefined
 * ```
 */
export function stringOption(commandLine: CommandLine, name: string): string | undefined;
export function stringOption(commandLine: CommandLine, name: string, fallback: string): string;
export function stringOption(commandLine: CommandLine, name: string, fallback?: string): string | undefined {
  const value = commandLine.options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new UsageError(`--${name} takes one value`);
  return value;
}

/**
 * An integer flag in `[min, max]`, or `fallback` when absent; anything else is a usage error
 * that names the flag, the value and the accepted range.
 *
 * @example
 * ```ts
 * const keys = integerOption(commandLine, 'keys', 100_000, { min: 0 });
 * ```
 */
export function integerOption(commandLine: CommandLine, name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const text = stringOption(commandLine, name);
  if (text === undefined) return fallback;
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
  const number = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    const accepted = min === 0 && max === Number.MAX_SAFE_INTEGER ? 'a non-negative integer' : `an integer from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${accepted} (got '${text}')`);
  }
  return number;
}

/**
 * A flag whose value is one of `choices`, or `fallback` when absent.
 *
 * @example
 * ```ts
 * const types = choiceOption(commandLine, 'types', ['all', 'strings'], 'all');
 * ```
 */
export function choiceOption<T extends string>(commandLine: CommandLine, name: string, choices: readonly T[], fallback: T): T {
  const text = stringOption(commandLine, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} must be ${choices.join(' or ')} (got '${text}')`);
  return text as T;
}
