import type { CliContext, CommandLine } from './CliCommand.js';
import { stringOption } from './optionValues.js';

/** The `--token` flag of commands that connect to a leader. */
export const TOKEN_OPTION = {
  type: 'string',
  value: 'T',
  description: "the leader's shared secret (default: $FORKLESS_TOKEN)",
} as const;

/**
 * The leader's token: `--token`, else the `FORKLESS_TOKEN` environment variable (which keeps it out
 * of `ps`, as `REDISCLI_AUTH` does for redis-cli), else none.
 *
 * @example
 * ```ts
 * const follower = startFollower({ url, ...leaderToken(commandLine, context) });
 * ```
 */
export function leaderToken(commandLine: CommandLine, context: CliContext): { token?: string } {
  const token = stringOption(commandLine, 'token') ?? context.env?.FORKLESS_TOKEN;
  return token === undefined || token === '' ? {} : { token };
}
