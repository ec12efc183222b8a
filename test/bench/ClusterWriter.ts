import { createHistogram, performance, PerformanceObserver, type RecordableHistogram } from 'node:perf_hooks';
import type { ClusterNode } from '../../lib/cluster/ClusterNode.js';
import { commandTable } from '../../lib/keyspace/commands/index.js';
import { keyHashSlot } from '../../lib/keyspace/keyHashSlot.js';
import type { RandomSource } from './benchData.js';

const NS_PER_MS = 1e6;
const SET = commandTable.get('set')!;

/** Latency of one group of keys, ms (from issuing each write to its completion, redirections and waits included). */
export interface WriteLatency {
  readonly writes: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * A cluster client offering `rate` SETs per second, half to `migrating` keys and half to `other`
 * keys, following MOVED and waiting out paused slots as ioredis would (a paused write completes
 * when the slot resumes). Latency counts from issuing the write, so it shows what the migration
 * costs a command, not how late a busy event loop issued it.
 *
 * @example
 * ```ts
 * const writer = new ClusterWriter(nodes, migratingKeys, otherKeys, 20_000, random);
 * const { migrating, other, perSecond } = await writer.stop();
 * ```
 */
export class ClusterWriter {
  private readonly histograms = { migrating: createHistogram(), other: createHistogram() };
  private readonly owners = new Map<number, ClusterNode>();
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  private sent = 0;
  private completed = 0;
  private pending = 0;
  private longestGc = 0;
  private readonly gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.longestGc = Math.max(this.longestGc, entry.duration);
  });

  constructor(
    private readonly nodes: readonly ClusterNode[],
    private readonly migrating: readonly string[],
    private readonly other: readonly string[],
    private readonly rate: number,
    private readonly random: RandomSource,
  ) {
    this.timer = setInterval(() => this.runDue(), 1);
    this.gc.observe({ entryTypes: ['gc'] });
  }

  /** Stops offering writes, waits for paused ones, returns the figures. */
  async stop(): Promise<{ migrating: WriteLatency; other: WriteLatency; perSecond: number; longestGcMs: number }> {
    clearInterval(this.timer);
    this.gc.disconnect();
    const seconds = (performance.now() - this.startedAt) / 1000;
    while (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const figures = (histogram: RecordableHistogram) => ({ writes: histogram.count, p99: histogram.percentile(99) / NS_PER_MS, max: histogram.max / NS_PER_MS });
    return { migrating: figures(this.histograms.migrating), other: figures(this.histograms.other), perSecond: this.completed / seconds, longestGcMs: this.longestGc };
  }

  private runDue(): void {
    const interval = 1000 / this.rate;
    const due = Math.floor((performance.now() - this.startedAt) / interval);
    for (; this.sent < due; this.sent++) {
      const toMigrating = (this.sent & 1) === 0;
      const keys = toMigrating ? this.migrating : this.other;
      const key = keys[(this.random() * keys.length) | 0]!;
      this.write(key, toMigrating ? this.histograms.migrating : this.histograms.other, performance.now());
    }
  }

  private write(key: string, histogram: RecordableHistogram, issuedAt: number): void {
    const slot = keyHashSlot(key);
    const argv = ['SET', key, 'v'];
    for (let attempt = 0; attempt < 16; attempt++) {
      const node = this.owners.get(slot) ?? this.nodes[0]!;
      const route = node.route([{ specification: SET, argv }]);
      if (route.kind === 'local') {
        node.keyspace.execute(argv);
        this.completed++;
        histogram.record(Math.max(1, Math.round((performance.now() - issuedAt) * NS_PER_MS)));
        return;
      }
      if (route.kind === 'wait') {
        this.pending++;
        void route.until.then(() => {
          this.pending--;
          this.write(key, histogram, issuedAt);
        });
        return;
      }
      const port = Number(/:(\d+)$/.exec(route.message)![1]);
      this.owners.set(
        slot,
        this.nodes.find((candidate) => candidate.topology.myself.port === port)!,
      );
    }
    throw new Error(`too many redirections for ${key}`);
  }
}
