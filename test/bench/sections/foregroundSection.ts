import type { BenchContext, PhaseName } from '../BenchContext.js';
import { plain, type BenchRow } from '../BenchRow.js';
import { foregroundRows } from '../foregroundRows.js';

/** Phases compared with idle, in table order. */
const PHASES: readonly PhaseName[] = ['iteration', 'snapshot', 'full sync'];

/**
 * Section "foreground": the concurrent writer's latency p50/p99/max and the event-loop delay
 * p99/max, idle vs during a consistent iteration, a snapshot and a full sync (each phase under the
 * same write rate, recorded by the sections that ran them), as ratios to idle.
 *
 * @example
 * ```ts
 * const rows = await foregroundSection(context); // after the snapshot and full-sync sections
 * ```
 */
export async function foregroundSection(context: BenchContext): Promise<BenchRow[]> {
  const idle = context.phases.get('idle')!;
  const rate = context.options.writeRate;
  const rows: BenchRow[] = [
    plain('foreground', `writer latency p50, idle (${rate} SET/s, latency from due time)`, idle.latencyP50, 'ms'),
    plain('foreground', 'writer latency p99, idle', idle.latencyP99, 'ms'),
    plain('foreground', 'writer latency max, idle', idle.latencyMax, 'ms'),
    plain('foreground', 'event-loop delay p99, idle', idle.loopDelayP99, 'ms'),
    plain('foreground', 'event-loop delay max, idle', idle.loopDelayMax, 'ms'),
  ];
  for (const phase of PHASES) {
    const stats = context.phases.get(phase);
    if (stats !== undefined) rows.push(...foregroundRows('foreground', `during ${phase}`, stats, idle));
  }
  return rows;
}
