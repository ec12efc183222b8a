/** Memory the process holds: JS heap plus Buffers outside it (`external`), and RSS. */
export interface MemoryReading {
  /** heapUsed + external, bytes. */
  readonly heap: number;
  readonly rss: number;
}

/** Reads the process's memory now. */
export function readMemory(): MemoryReading {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}

/**
 * Memory after full garbage collections (the process must run with `--expose-gc`): the live
 * data only, so two readings subtract to what a dataset holds.
 *
 * @example
 * ```ts
 * const before = memoryAfterGc(); build(); const datasetBytes = memoryAfterGc().heap - before.heap;
 * ```
 */
export function memoryAfterGc(): MemoryReading {
  const collect = globalThis.gc;
  if (collect === undefined) throw new Error('run the bench with --expose-gc (npm run bench does)');
  // Two passes: the first may only schedule finalization of weak references.
  collect();
  collect();
  return readMemory();
}

/**
 * Samples memory on a timer while background work runs and keeps the peak above a baseline
 * (timers run between the work's time slices, so the sampling sees the whole run).
 *
 * @example
 * ```ts
 * const peak = new MemoryPeak(memoryAfterGc()); await work(); const { heap, rss } = peak.stop();
 * ```
 */
export class MemoryPeak {
  private heap = 0;
  private rss = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly baseline: MemoryReading,
    intervalMs = 5,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling; returns the peak extra memory over the baseline, bytes. */
  stop(): MemoryReading {
    clearInterval(this.timer);
    this.sample();
    return { heap: Math.max(0, this.heap - this.baseline.heap), rss: Math.max(0, this.rss - this.baseline.rss) };
  }

  private sample(): void {
    const now = readMemory();
    this.heap = Math.max(this.heap, now.heap);
    this.rss = Math.max(this.rss, now.rss);
  }
}

/**
 * Waits for V8's concurrent sweeping after forced collections: starting a measured phase right
 * after `memoryAfterGc` puts main-thread sweeping stalls (15–20 ms here) into its figures.
 *
 * @example
 * ```ts
 * const baseline = memoryAfterGc(); await settleAfterGc(); const probe = new ForegroundProbe(…);
 * ```
 */
export function settleAfterGc(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 300));
}
