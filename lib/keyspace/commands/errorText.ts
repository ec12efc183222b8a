/**
 * An argument as Valkey prints it inside an error message: a C string (cut at the first NUL byte,
 * as `%s` does) with CR and LF turned into spaces (error replies are single lines).
 *
 * @example
 * ```ts
 * errorText('bad\x00tail'); // 'bad'
 * ```
 */
export function errorText(argument: string): string {
  const end = argument.indexOf('\0');
  return (end === -1 ? argument : argument.slice(0, end)).replace(/[\r\n]/g, ' ');
}

/** The unknown-command message: args quoted until 128 chars of them are shown, as Valkey does. */
export function unknownCommandMessage(argv: readonly string[]): string {
  let args = '';
  for (let index = 1; index < argv.length && args.length < 128; index++) {
    args += `'${errorText(argv[index]!).slice(0, 128 - args.length)}' `;
  }
  return `ERR unknown command '${errorText(argv[0]!).slice(0, 128)}', with args beginning with: ${args}`;
}
