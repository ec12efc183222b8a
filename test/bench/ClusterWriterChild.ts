import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildReports } from './ChildReports.js';
import type { WriterFigures } from './WriteTally.js';

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
  private readonly reports: ChildReports<ClusterWriterReport>;

  private constructor(private readonly process: ChildProcess) {
    this.reports = new ChildReports(process, 'the cluster writer');
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

  /** The next report of `type`; an error report from the writer rejects. */
  private async next<T extends 'started' | 'figures'>(type: T): Promise<Extract<ClusterWriterReport, { type: T }>> {
    const report = await this.reports.next((candidate) => (candidate.type === type || candidate.type === 'error' ? candidate : null));
    if (report.type === 'error') throw new Error(`cluster writer process: ${report.message}`);
    return report as Extract<ClusterWriterReport, { type: T }>;
  }
}
