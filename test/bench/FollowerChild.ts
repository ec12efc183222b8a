import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildReports } from './ChildReports.js';
import type { FollowerReport } from './FollowerReport.js';

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
  private readonly reports: ChildReports<FollowerReport>;
  /** Called with every offset report (leader-side lag sampling). */
  onOffset: (offset: number) => void = () => {};

  /** With `core`, the child runs pinned to that CPU core (started through `taskset -c`: every thread of it). */
  constructor(url: string, core?: number) {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'followerProcess.ts');
    const node = ['--import', 'tsx'];
    // fork runs `execPath ...execArgv script url`: taskset execs node, which keeps the IPC channel.
    const launcher = core === undefined ? {} : { execPath: 'taskset', execArgv: ['-c', String(core), process.execPath, ...node] };
    this.process = fork(script, [url], { execArgv: node, ...launcher, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (report: FollowerReport) => report.type === 'offset' && this.onOffset(report.offset));
    this.reports = new ChildReports(this.process, 'the follower');
  }

  /** Resolves with the report of the follower entering `state`. */
  state(state: string): Promise<Extract<FollowerReport, { type: 'state' }>> {
    return this.reports.next((report) => (report.type === 'state' && report.state === state ? report : null));
  }

  /** Resolves once the follower reports an applied offset of at least `offset`. */
  reached(offset: number): Promise<unknown> {
    return this.reports.next((report) => (report.type === 'offset' && report.offset >= offset ? report : null));
  }

  /** The follower keyspace's digest and offset. */
  digest(): Promise<Extract<FollowerReport, { type: 'digest' }>> {
    this.process.send('digest');
    return this.reports.next((report) => (report.type === 'digest' ? report : null));
  }

  /** Closes the follower and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.process.connected) this.process.send('stop');
    const timeout = setTimeout(() => this.process.kill(), 5000);
    await this.reports.exited;
    clearTimeout(timeout);
  }
}
