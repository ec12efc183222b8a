import { startForkless, type ForklessProcess } from '../cli/support/forklessProcess.js';

/**
 * Starts a real `forkless server` process (`args` after `server`, `--port 0` among them) and
 * resolves once it listens, with its port; rejects with its stderr if it exits first.
 *
 * @example
 * ```ts
 * const { process, port } = await startForklessServer(['--port', '0', '--dir', directory, '--save', '']);
 * ```
 */
export async function startForklessServer(args: readonly string[]): Promise<{ process: ForklessProcess; port: number }> {
  const process = startForkless(['server', ...args]);
  const exited = process.exited.then((status) => {
    throw new Error(`forkless server exited (${status}): ${process.stderr}`);
  });
  await Promise.race([process.waitForOutput(/listening on [^:]+:\d+/), exited]);
  exited.catch(() => {});
  return { process, port: Number(/listening on [^:]+:(\d+)/.exec(process.stdout)![1]) };
}
