import { filter, firstValueFrom, fromEvent, takeUntil, tap } from 'rxjs';
import { ForklessError } from '../../errors.js';
import { startFollower, type Follower } from '../../replication/Follower.js';
import type { FollowerState } from '../../replication/FollowerState.js';
import { ExitCode, type CliCommand, type CliContext } from '../CliCommand.js';
import { describeFollowerState } from '../describeFollowerState.js';
import { leaderToken, TOKEN_OPTION } from '../leaderToken.js';
import { megabytes, seconds } from '../progressBar.js';
import { saveWithProgress } from '../saveWithProgress.js';
import { StatusLine } from '../StatusLine.js';
import { totalKeys } from '../totalKeys.js';
import { webSocketUrl } from '../webSocketUrl.js';

/**
 * `forkless snapshot fetch <ws-url> <file> [--token T]`: takes a consistent snapshot of a running
 * leader over the replication link, as `redis-cli --rdb` does: a full sync into memory, then a
 * save of exactly the leader's keyspace at the sync's offset (header: the leader's history id and
 * that offset). Progress bars on a terminal; a refused or broken link fails at once (exit 1).
 *
 * @example
 * ```sh
 * npx forkless snapshot fetch ws://127.0.0.1:7379/ backup.fkl --token secret
 * ```
 */
export const snapshotFetch: CliCommand = {
  name: ['snapshot', 'fetch'],
  summary: 'consistent snapshot of a running leader into a local file',
  arguments: ['<ws-url>', '<file>'],
  options: { token: TOKEN_OPTION },
  async run(commandLine, context) {
    const url = webSocketUrl(commandLine.positionals[0]!);
    const path = commandLine.positionals[1]!;
    const started = performance.now();
    const follower = startFollower({ url, ...leaderToken(commandLine, context) });
    let synced: FollowerState | null;
    try {
      synced = await fullSync(follower, context);
    } finally {
      follower.close();
    }
    if (synced?.state === 'backoff') throw new ForklessError(synced.error.code, `cannot fetch from ${url}: ${synced.error.message}`, synced.error.details);
    // The save's point in time is its subscription, inside this call: offset and keys are the file's.
    const { offset } = follower.keyspace;
    const keys = totalKeys(follower.keyspace);
    const last = synced === null ? null : await saveWithProgress(follower.keyspace, path, { historyId: follower.historyId ?? undefined }, context);
    if (last === null || last.state === 'cancelled') {
      context.stderr.write('fetch cancelled; nothing saved\n');
      return ExitCode.cancelled;
    }
    const summary = `fetched ${keys} keys at offset ${offset} from ${url} into ${path}`;
    context.stdout.write(`${summary} (${megabytes(last.bytesWritten)}) in ${seconds(performance.now() - started)}\n`);
    return ExitCode.ok;
  },
};

/** The first `streaming` (synced) or `backoff` (failed) state; null if Ctrl-C came first. */
function fullSync(follower: Follower, context: CliContext): Promise<FollowerState | null> {
  const line = new StatusLine(context);
  const settled$ = follower.state$.pipe(
    tap((state) => state.state !== 'streaming' && line.show(describeFollowerState(state, follower, line.columns, true))),
    filter((state) => state.state === 'streaming' || state.state === 'backoff'),
    takeUntil(fromEvent(context.signal, 'abort')),
  );
  return firstValueFrom(settled$, { defaultValue: null }).finally(() => line.end());
}
