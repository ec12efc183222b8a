/**
 * Resolves when `signal` aborts (at once if it already has): how long-running commands wait for Ctrl-C.
 *
 * @example
 * ```ts
 * await untilAborted(context.signal);
 * follower.close();
 * ```
 */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
