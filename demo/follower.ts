import { startFollower, type Follower } from '../lib/replication/index.js';
import type { FollowerState } from '../lib/replication/FollowerState.js';

/** Messages between the demo's main process and a follower child process. */
export type FollowerMessage = { type: 'state'; state: FollowerState } | { type: 'digest'; digest: string; offset: number } | { type: 'fatal'; message: string };

/** What the main process may ask. */
export type FollowerRequest = { type: 'digest' } | { type: 'stop' };

function describe(state: FollowerState): string {
  switch (state.state) {
    case 'full-sync':
      return `full sync ${state.entriesReceived}/${state.keysTotal} keys, ${state.commandsReceived} commands, ${(state.bytesReceived / 1e6).toFixed(1)} MB`;
    case 'streaming':
      return `streaming (${state.resync} resync), offset ${state.offset}, lag ${state.lag}`;
    case 'backoff':
      return `backoff ${state.delayMs} ms: ${state.code} ${state.reason}`;
    default:
      return state.state;
  }
}

/** Runs a follower; as a forked child it reports over IPC, by hand it prints. */
function main(): void {
  const url = process.argv[2];
  if (url === undefined) {
    console.error('usage: npm run demo:follower ws://127.0.0.1:7379/');
    process.exit(2);
  }
  const follower: Follower = startFollower({ url, token: process.env.FORKLESS_TOKEN });
  const send = process.send?.bind(process);
  let last = '';
  follower.state$.subscribe((state) => {
    if (send) send({ type: 'state', state } satisfies FollowerMessage);
    const line = describe(state);
    if (!send && line.split(',')[0] !== last.split(',')[0]) console.log(line);
    last = line;
  });
  if (!send) setInterval(() => console.log(`${last} | digest ${follower.keyspace.digest()}`), 2000).unref();
  process.on('message', (request: FollowerRequest) => {
    if (request.type === 'digest') send?.({ type: 'digest', digest: follower.keyspace.digest(), offset: follower.offset } satisfies FollowerMessage);
    if (request.type === 'stop') {
      follower.close();
      process.exit(0);
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) main();
