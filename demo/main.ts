/**
 * `npm run demo`: a leader with a seeded dataset and a live writer, a follower in a second process
 * doing a full sync and then streaming, and a snapshot to disk taken meanwhile. Ends by checking
 * that the follower, the snapshot and the leader agree, or fails loudly.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, tap } from 'rxjs';
import { loadSnapshot, saveSnapshot } from '../lib/snapshot/index.js';
import type { FollowerState } from '../lib/replication/FollowerState.js';
import type { FollowerMessage, FollowerRequest } from './follower.js';
import { startDemoLeader, type DemoLeader } from './leader.js';
import { readDemoOptions } from './options.js';
import { fitLine } from '../lib/cli/progressBar.js';

const STREAMING_SHOWCASE_MS = 3000;

let lastStatusAt = 0;

/** A progress line: redrawn in place on a terminal (cut to its width), printed once a second into a log. */
function status(line: string): void {
  if (process.stdout.isTTY) {
    process.stdout.write(`\r\x1b[2K${fitLine(line, process.stdout.columns ?? 80)}`);
  } else if (Date.now() - lastStatusAt >= 1000) {
    lastStatusAt = Date.now();
    console.log(line);
  }
}

function log(line: string): void {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
  console.log(line);
}

/** Starts the follower child and resolves its messages as they come. */
function spawnFollower(url: string, onState: (state: FollowerState) => void): { child: ChildProcess; ask: () => Promise<{ digest: string; offset: number }> } {
  const child = fork(fileURLToPath(new URL('./follower.ts', import.meta.url)), [url], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const waiting: ((message: { digest: string; offset: number }) => void)[] = [];
  child.on('message', (message: FollowerMessage) => {
    if (message.type === 'state') onState(message.state);
    else if (message.type === 'digest') waiting.shift()?.(message);
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) fail(`follower process exited with code ${code}`);
  });
  const ask = () =>
    new Promise<{ digest: string; offset: number }>((resolve) => {
      waiting.push(resolve);
      child.send({ type: 'digest' } satisfies FollowerRequest);
    });
  return { child, ask };
}

function fail(message: string): never {
  log(`DEMO FAILED: ${message}`);
  process.exit(1);
}

async function takeSnapshot(demo: DemoLeader, directory: string): Promise<{ path: string; digestAtStart: string }> {
  const path = join(directory, 'demo.fkl');
  // Pause the writer for one synchronous turn: the digest and T0 are taken in the same turn.
  const digestAtStart = demo.keyspace.digest();
  const save = lastValueFrom(
    saveSnapshot(demo.keyspace, path).pipe(
      tap((progress) => status(`snapshot: ${progress.keysWritten}/${progress.keysTotal} keys, ${(progress.bytesWritten / 1e6).toFixed(1)} MB`)),
    ),
  );
  const done = await save;
  log(`snapshot: ${done.keysWritten} keys, ${(done.bytesWritten / 1e6).toFixed(1)} MB written durably in ${Math.round(done.elapsedMs)} ms while writes went on`);
  return { path, digestAtStart };
}

async function main(): Promise<void> {
  const { options } = readDemoOptions(process.argv.slice(2));
  const directory = await mkdtemp(join(tmpdir(), 'forkless-demo-'));
  const demo = await startDemoLeader(options, log);
  let streamingSince: number | null = null;
  let lastState: FollowerState | null = null;
  const follower = spawnFollower(demo.leader.url, (state) => {
    if (state.state === 'full-sync') status(`follower: full sync ${state.entriesReceived}/${state.keysTotal} keys, ${state.commandsReceived} commands`);
    if (state.state === 'streaming' && lastState?.state !== 'streaming') {
      streamingSince = Date.now();
      log(`follower: full sync complete, streaming at offset ${state.offset}`);
    }
    if (state.state === 'streaming') status(`follower: streaming, lag ${state.lag} records`);
    if (state.state === 'backoff') log(`follower: backoff (${state.code} ${state.reason})`);
    lastState = state;
  });
  const snapshot = await takeSnapshot(demo, directory);
  while (streamingSince === null || Date.now() - streamingSince < STREAMING_SHOWCASE_MS) await delay(100);
  demo.writer.stop();
  log(`writer stopped after ${demo.writer.commands} writes; waiting for the follower to catch up`);
  const leaderOffset = demo.keyspace.offset;
  let reply = await follower.ask();
  for (let attempt = 0; reply.offset < leaderOffset && attempt < 100; attempt++) {
    await delay(100);
    reply = await follower.ask();
  }
  const leaderDigest = demo.keyspace.digest();
  const loaded = await loadSnapshot(snapshot.path);
  const snapshotDigest = loaded.digest();
  log(`leader   digest ${leaderDigest} (offset ${leaderOffset})`);
  log(`follower digest ${reply.digest} (offset ${reply.offset})`);
  log(`snapshot digest ${snapshotDigest} (leader at snapshot start: ${snapshot.digestAtStart})`);
  follower.child.send({ type: 'stop' } satisfies FollowerRequest);
  await demo.stop();
  await rm(directory, { recursive: true, force: true });
  if (reply.digest !== leaderDigest) fail('the follower differs from the leader');
  if (snapshotDigest !== snapshot.digestAtStart) fail('the snapshot differs from the leader at snapshot start');
  log('OK: follower = leader, snapshot = leader at snapshot start');
  process.exit(0);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

void main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
