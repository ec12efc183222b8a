import type { CliOption, CommandLine, OptionValue } from './CliCommand.js';
import { UsageError } from './UsageError.js';

/**
 * Splits a subcommand's arguments into flags and positionals. A string flag always takes the
 * next argument as its value, so `--keys -5` reads `-5` (then rejected by the command as out of
 * range, never "ambiguous"); `--name=value` works too; `--` ends the flags. Unknown flags, a missing
 * value or a repeated flag throw a {@link UsageError} naming the flag.
 *
 * @example
 * ```ts
 * parseCommandLine(['dump.fkl', '--keys', '10'], { keys: { type: 'string', description: 'keys' } });
 * // { positionals: ['dump.fkl'], options: { keys: '10' } }
 * ```
 */
export function parseCommandLine(args: readonly string[], specs: Readonly<Record<string, CliOption>>): CommandLine {
  const positionals: string[] = [];
  const options: Record<string, OptionValue> = {};
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    if (argument === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!argument.startsWith('-') || argument === '-' || /^-\d/.test(argument)) {
      positionals.push(argument);
      continue;
    }
    const [flag, inline] = splitFlag(argument);
    const spec = specs[flag];
    if (spec === undefined || !argument.startsWith('--')) throw new UsageError(`unknown option ${argument.startsWith('--') ? `--${flag}` : argument}`);
    let value: OptionValue;
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${flag} takes no value`);
      value = true;
    } else {
      const arity = spec.arity ?? 1;
      const taken = inline === undefined ? args.slice(index + 1, index + 1 + arity) : [inline];
      if (taken.length < arity || (inline !== undefined && arity !== 1))
        throw new UsageError(`--${flag} needs ${arity === 1 ? 'a value' : `${arity} values`}${spec.value ? ` (${spec.value})` : ''}`);
      if (inline === undefined) index += arity;
      value = arity === 1 ? taken[0]! : taken;
    }
    options[flag] = store(options[flag], value, flag, spec);
  }
  return { positionals, options };
}

function splitFlag(argument: string): [string, string | undefined] {
  const body = argument.replace(/^--?/, '');
  const equals = body.indexOf('=');
  return equals < 0 ? [body, undefined] : [body.slice(0, equals), body.slice(equals + 1)];
}

function store(previous: OptionValue | undefined, value: OptionValue, flag: string, spec: CliOption): OptionValue {
  if (!spec.multiple) {
    if (previous !== undefined) throw new UsageError(`--${flag} given twice`);
    return value;
  }
  const list = (previous ?? []) as readonly (string | readonly string[])[];
  return [...list, value] as OptionValue;
}
