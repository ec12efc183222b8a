import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WriterFigures } from './WriteTally.js';

/** Longest wait for one report of the writer process. */
const WAIT_LIMIT_MS = 120_000;

/** What the writer process runs: it picks random keys among the first `…Keys` of each half (`randomKeyOfHalf`). */
export interface ClusterWriterSpec {
  /** Where each group's keys are at first. */
  readonly ports: { readonly migrating: number; readonly other: number };
  readonly migratingKeys: number;
  readonly migratingPrefix: string;
  readonly otherKeys: number;
  readonly otherPrefix: string;
  /** Writes per second offered (half to each group). */
  readonly rate: number;
  readonly seed: number;
}

/** Messages of the writer process. */
export type ClusterWriterReport =
  { readonly type: 'started' } | { readonly type: 'figures'; readonly figures: WriterFigures } | { readonly type: 'error'; readonly message: string };

/**
 * A {@link RespClusterWriter} in a child process (`clusterWriterProcess.ts` under tsx): its heap
 * holds no key list, so its own GC pauses stay small and the latencies it measures are the
 * servers'.
 *
 * @example
 * ```ts
 * const writer = await ClusterWriterChild.start({ ports, migratingKeys: 1e6, migratingPrefix: 'mig', otherKeys: 1e4, otherPrefix: 'other', rate: 20_000, seed: 1 });
 * const figures = await writer.stop();
 * ```
 */
export class ClusterWriterChild {
  private readonly reports: ClusterWriterReport[] = [];
  private readonly waiting: (() => void)[] = [];

  private constructor(private readonly process: ChildProcess) {
    process.on('message', (report: ClusterWriterReport) => {
      this.reports.push(report);
      for (const wake of this.waiting.splice(0)) wake();
    });
    process.once('exit', () => {
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  /** Forks the writer; resolves once its connections are open and it offers writes. */
  static async start(spec: ClusterWriterSpec): Promise<ClusterWriterChild> {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'clusterWriterProcess.ts');
    const child = new ClusterWriterChild(fork(script, [JSON.stringify(spec)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await child.next('started');
    return child;
  }

  /** Stops offering writes; resolves with the figures once the writes in flight completed. */
  async stop(): Promise<WriterFigures> {
    this.process.send('stop');
    const report = await this.next('figures');
    return report.figures;
  }

  private async next<T extends 'started' | 'figures'>(type: T): Promise<Extract<ClusterWriterReport, { type: T }>> {
    const limit = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const report = this.reports.shift();
      if (report?.type === 'error') throw new Error(`cluster writer process: ${report.message}`);
      if (report?.type === type) return report as Extract<ClusterWriterReport, { type: T }>;
      if (report !== undefined) continue;
      if (this.process.exitCode !== null || Date.now() > limit) throw new Error(`cluster writer process: no '${type}' report`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiting.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }
}
