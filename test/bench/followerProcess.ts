/**
 * The follower side of the full-sync bench, run in its own process (forked by fullSyncSection):
 * follows `process.argv[2]`, reports state changes and its applied offset to the parent over IPC
 * with wall-clock timestamps and its CPU time so far, and on 'digest' answers with its keyspace digest, then exits on
 * 'stop'.
 */
import { startFollower } from '../../lib/replication/Follower.js';
import { wallClock, type FollowerReport } from './FollowerReport.js';
import { cpuMilliseconds } from './measureWork.js';

function report(message: FollowerReport): void {
  process.send?.(message);
}

const url = process.argv[2];
if (url === undefined || process.send === undefined) throw new Error('followerProcess.ts is forked by the bench with the leader URL');
const follower = startFollower({ url });
let lastState = '';
follower.state$.subscribe((state) => {
  if (state.state === lastState) return;
  lastState = state.state;
  report({ type: 'state', state: state.state, at: wallClock(), keys: follower.keyspace.dbsize(), cpuMs: cpuMilliseconds(process.cpuUsage()) });
});
const offsets = setInterval(() => report({ type: 'offset', offset: follower.offset, at: wallClock() }), 10);
process.on('message', (message: string) => {
  if (message === 'digest') report({ type: 'digest', digest: follower.keyspace.digest(), offset: follower.offset });
  if (message === 'stop') {
    clearInterval(offsets);
    follower.close();
    process.disconnect();
  }
});
