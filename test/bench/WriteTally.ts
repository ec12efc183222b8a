import { createHistogram, performance, PerformanceObserver, type RecordableHistogram } from 'node:perf_hooks';

const NS_PER_MS = 1e6;

/** The two groups of keys a cluster writer alternates between. */
export type KeyGroup = 'migrating' | 'other';

/** Latency of one group of keys, ms (from issuing each write to its completion, redirections and waits included). */
export interface WriteLatency {
  readonly writes: number;
  readonly p99: number;
  readonly max: number;
}

/** What a cluster writer reports when stopped. */
export interface WriterFigures {
  readonly migrating: WriteLatency;
  readonly other: WriteLatency;
  readonly perSecond: number;
  /** Longest GC pause of the writer's own process: it stalls its writes too. */
  readonly longestGcMs: number;
}

/**
 * What an open-loop cluster writer measures, whichever way it reaches the nodes: which writes
 * are due at its rate, each completed write's latency per key group, and the longest GC pause of
 * its own process.
 *
 * @example
 * ```ts
 * const tally = new WriteTally();
 * tally.record('migrating', issuedAt); // a write completed
 * tally.stop(); const figures = tally.figures();
 * ```
 */
export class WriteTally {
  private readonly histograms: Record<KeyGroup, RecordableHistogram> = { migrating: createHistogram(), other: createHistogram() };
  private readonly startedAt = performance.now();
  private stoppedAt: number | null = null;
  private completed = 0;
  private longestGc = 0;
  private readonly gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.longestGc = Math.max(this.longestGc, entry.duration);
  });

  constructor() {
    this.gc.observe({ entryTypes: ['gc'] });
  }

  /** How many writes are due since the start at `rate` per second. */
  due(rate: number): number {
    return Math.floor(((performance.now() - this.startedAt) * rate) / 1000);
  }

  /** A write of `group` issued at `issuedAt` (performance.now) completed now. */
  record(group: KeyGroup, issuedAt: number): void {
    this.completed++;
    this.histograms[group].record(Math.max(1, Math.round((performance.now() - issuedAt) * NS_PER_MS)));
  }

  /** Ends the measured span (writes still in flight are recorded afterwards). */
  stop(): void {
    this.stoppedAt ??= performance.now();
    this.gc.disconnect();
  }

  /** The figures, over the span up to {@link stop}. */
  figures(): WriterFigures {
    const seconds = ((this.stoppedAt ?? performance.now()) - this.startedAt) / 1000;
    const latency = (histogram: RecordableHistogram) => ({ writes: histogram.count, p99: histogram.percentile(99) / NS_PER_MS, max: histogram.max / NS_PER_MS });
    return { migrating: latency(this.histograms.migrating), other: latency(this.histograms.other), perSecond: this.completed / seconds, longestGcMs: this.longestGc };
  }
}
