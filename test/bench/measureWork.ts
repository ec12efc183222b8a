import { performance, PerformanceObserver } from 'node:perf_hooks';

/** What one piece of work cost this process. Times in ms. */
export interface WorkCost {
  readonly wallMs: number;
  /** User + system CPU of the whole process (GC and libuv threads included). */
  readonly cpuMs: number;
  /** Main-thread GC pauses ('gc' performance entries) that started during the work. */
  readonly gcMs: number;
}

/**
 * CPU time of a `process.cpuUsage()` reading (µs) in ms.
 *
 * @example
 * ```ts
 * cpuMilliseconds({ user: 1500, system: 500 }); // 2
 * ```
 */
export function cpuMilliseconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/**
 * Sum of the durations of the entries that started inside [from, to] (performance.now time).
 *
 * @example
 * ```ts
 * durationWithin([{ startTime: 5, duration: 2 }, { startTime: 50, duration: 9 }], 0, 10); // 2
 * ```
 */
export function durationWithin(entries: readonly { startTime: number; duration: number }[], from: number, to: number): number {
  return entries.reduce((sum, entry) => (entry.startTime >= from && entry.startTime <= to ? sum + entry.duration : sum), 0);
}

/**
 * Runs `work` and measures its wall time, the process's CPU time and the GC pauses in it.
 *
 * @example
 * ```ts
 * const { result, cost } = await measureWork(() => loadSnapshot(path)); // cost.gcMs / cost.wallMs
 * ```
 */
export async function measureWork<T>(work: () => Promise<T>): Promise<{ result: T; cost: WorkCost }> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const ended = performance.now();
  const cpuMs = cpuMilliseconds(process.cpuUsage(cpuBefore));
  // GC entries are delivered from a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return { result, cost: { wallMs: ended - started, cpuMs, gcMs: durationWithin(entries, started, ended) } };
}
