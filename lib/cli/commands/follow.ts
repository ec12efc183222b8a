import { startFollower } from '../../replication/Follower.js';
import { ExitCode, type CliCommand } from '../CliCommand.js';
import { describeFollowerState } from '../describeFollowerState.js';
import { leaderToken, TOKEN_OPTION } from '../leaderToken.js';
import { StatusLine } from '../StatusLine.js';
import { untilAborted } from '../untilAborted.js';
import { webSocketUrl } from '../webSocketUrl.js';

/**
 * `forkless follow <ws-url> [--token T]`: runs a follower of a leader until Ctrl-C, with a live
 * status line on a terminal (state, keys, offset, lag) and one line per state change otherwise.
 *
 * @example
 * ```sh
 * npx forkless follow ws://127.0.0.1:7379/ --token secret
 * ```
 */
export const follow: CliCommand = {
  name: ['follow'],
  summary: 'follow a leader: live state, keys, offset and lag',
  arguments: ['<ws-url>'],
  description: 'Reconnects with backoff until Ctrl-C. On a terminal the status line is redrawn in place; otherwise each state change is printed on its own line (stderr).',
  options: { token: TOKEN_OPTION },
  async run(commandLine, context) {
    const url = webSocketUrl(commandLine.positionals[0]!);
    const follower = startFollower({ url, ...leaderToken(commandLine, context) });
    const line = new StatusLine(context, true);
    const subscription = follower.state$.subscribe((state) => {
      const key = state.state === 'backoff' ? `backoff ${state.attempt}` : state.state;
      line.show(describeFollowerState(state, follower, line.columns, line.live), key);
    });
    await untilAborted(context.signal);
    follower.close();
    subscription.unsubscribe();
    line.end();
    return ExitCode.ok;
  },
};
