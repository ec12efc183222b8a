import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Longest wait for one report (a full sync of millions of keys on a busy machine included). */
const WAIT_LIMIT_MS = 120_000;

/**
 * The IPC reports of a bench child process, awaited one match at a time: a bench never hangs, a
 * wait gives up after two minutes or when the child exits.
 *
 * @example
 * ```ts
 * const reports = new ChildReports<FollowerReport>(child, 'the follower');
 * const streaming = await reports.next((report) => (report.type === 'state' && report.state === 'streaming' ? report : null));
 * ```
 */
export class ChildReports<R> {
  private readonly waiting: ((report: R) => void)[] = [];
  /** Resolves once the child exited. */
  readonly exited: Promise<void>;

  constructor(
    child: ChildProcess,
    private readonly name: string,
  ) {
    child.on('message', (report: R) => {
      for (const listener of this.waiting.splice(0)) listener(report);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** The first report from now on that `match` accepts (returns non-null for). */
  next<T>(match: (report: R) => T | null): Promise<T> {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no matching report from ${this.name} within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
      const listen = (report: R) => {
        const found = match(report);
        if (found === null) return this.waiting.push(listen);
        clearTimeout(timeout);
        resolve(found);
      };
      this.waiting.push(listen);
      void this.exited.then(() => {
        clearTimeout(timeout);
        reject(new Error(`${this.name} process exited`));
      });
    });
  }
}

/**
 * Forks the bench script `script` (a file next to this one, run under tsx with `--expose-gc`) with
 * `args` and resolves with its one report.
 *
 * @example
 * ```ts
 * const report = await reportOfChild<LoadReport>('loadProcess.ts', [path], `the load of ${path}`);
 * ```
 */
export function reportOfChild<R>(script: string, args: readonly string[], name: string): Promise<R> {
  const path = join(dirname(fileURLToPath(import.meta.url)), script);
  const child = fork(path, args, { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new ChildReports<R>(child, name).next((report) => report);
}
