import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FollowerReport } from './FollowerReport.js';

/** Longest wait for one report (a full sync of millions of keys on a busy machine included). */
const WAIT_LIMIT_MS = 120_000;

/**
 * A follower running in a child process (`followerProcess.ts` under tsx), seen through its IPC
 * reports: waits for states, collects offsets, asks for its digest.
 *
 * @example
 * ```ts
 * const child = new FollowerChild(leader.url);
 * const streaming = await child.state('streaming');
 * await child.stop();
 * ```
 */
export class FollowerChild {
  private readonly process: ChildProcess;
  private readonly waiting: ((report: FollowerReport) => void)[] = [];
  private readonly exited: Promise<void>;
  /** Called with every offset report (leader-side lag sampling). */
  onOffset: (offset: number) => void = () => {};

  /** With `core`, the child runs pinned to that CPU core (started through `taskset -c`: every thread of it). */
  constructor(url: string, core?: number) {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'followerProcess.ts');
    const node = ['--import', 'tsx'];
    // fork runs `execPath ...execArgv script url`: taskset execs node, which keeps the IPC channel.
    const launcher = core === undefined ? {} : { execPath: 'taskset', execArgv: ['-c', String(core), process.execPath, ...node] };
    this.process = fork(script, [url], { execArgv: node, ...launcher, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (report: FollowerReport) => {
      if (report.type === 'offset') this.onOffset(report.offset);
      for (const listener of this.waiting.splice(0)) listener(report);
    });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  /** Resolves with the report of the follower entering `state`. */
  state(state: string): Promise<Extract<FollowerReport, { type: 'state' }>> {
    return this.next((report) => (report.type === 'state' && report.state === state ? report : null));
  }

  /** Resolves once the follower reports an applied offset of at least `offset`. */
  reached(offset: number): Promise<unknown> {
    return this.next((report) => (report.type === 'offset' && report.offset >= offset ? report : null));
  }

  /** The follower keyspace's digest and offset. */
  digest(): Promise<Extract<FollowerReport, { type: 'digest' }>> {
    this.process.send('digest');
    return this.next((report) => (report.type === 'digest' ? report : null));
  }

  /** Closes the follower and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.process.connected) this.process.send('stop');
    const timeout = setTimeout(() => this.process.kill(), 5000);
    await this.exited;
    clearTimeout(timeout);
  }

  /** The first report `match` accepts; a bench never hangs: gives up after {@link WAIT_LIMIT_MS}. */
  private next<T>(match: (report: FollowerReport) => T | null): Promise<T> {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no matching report from the follower within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
      const listen = (report: FollowerReport) => {
        const found = match(report);
        if (found === null) return this.waiting.push(listen);
        clearTimeout(timeout);
        resolve(found);
      };
      this.waiting.push(listen);
      void this.exited.then(() => reject(new Error('the follower process exited')));
    });
  }
}
