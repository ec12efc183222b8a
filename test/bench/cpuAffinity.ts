import { spawnSync } from 'node:child_process';

/**
 * The hex affinity mask in `taskset -p <pid>` output ("pid 42's current affinity mask: 3").
 *
 * @example
 * ```ts
 * parseAffinityMask("pid 42's current affinity mask: 3\n"); // '3'
 * ```
 */
export function parseAffinityMask(output: string): string {
  const mask = /current affinity mask: ([0-9a-f,]+)/i.exec(output)?.[1];
  if (mask === undefined) throw new Error(`no affinity mask in taskset output: ${output.trim()}`);
  return mask.replaceAll(',', '');
}

/**
 * The hex affinity mask of the single CPU core `core`.
 *
 * @example
 * ```ts
 * coreMask(0); // '1'
 * coreMask(5); // '20'
 * ```
 */
export function coreMask(core: number): string {
  return (1n << BigInt(core)).toString(16);
}

function taskset(args: readonly string[]): string {
  const run = spawnSync('taskset', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`taskset ${args.join(' ')} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/**
 * Runs `work` with every thread of this process (and the threads it starts meanwhile, which inherit
 * the mask) pinned to `core` through `taskset -a -p`, then restores the previous mask.
 *
 * @example
 * ```ts
 * const run = await withProcessPinned(0, () => fullSync(context, leader, rate, 1));
 * ```
 */
export async function withProcessPinned<T>(core: number, work: () => Promise<T>): Promise<T> {
  const pid = String(process.pid);
  const original = parseAffinityMask(taskset(['-p', pid]));
  taskset(['-a', '-p', coreMask(core), pid]);
  try {
    return await work();
  } finally {
    taskset(['-a', '-p', original, pid]);
  }
}
