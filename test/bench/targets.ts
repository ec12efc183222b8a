import type { BenchContext } from './BenchContext.js';

/**
 * The two targets, checked against this run: snapshot keys/s at least half the raw
 * limit, and the writer's p99 during a snapshot at most twice idle. One line each; none when the
 * snapshot section did not run.
 *
 * @example
 * ```ts
 * targetLines(context); // ['snapshot / raw limit: 0.41× (target ≥ 0.5×): missed', …]
 * ```
 */
export function targetLines(context: BenchContext): string[] {
  const snapshot = context.figures.get('snapshot.keysPerSecond');
  const raw = context.figures.get('snapshot.rawKeysPerSecond');
  const during = context.phases.get('snapshot');
  const idle = context.phases.get('idle');
  if (snapshot === undefined || raw === undefined || during === undefined || idle === undefined) return [];
  const line = (name: string, ratio: number, target: string, met: boolean) => `${name}: ${ratio.toFixed(2)}× (target ${target}): ${met ? 'met' : 'missed'}`;
  const throughput = snapshot / raw;
  const latency = during.latencyP99 / idle.latencyP99;
  return [
    line('snapshot keys/s / raw limit keys/s', throughput, '≥ 0.5×', throughput >= 0.5),
    line('writer latency p99 during snapshot / idle', latency, '≤ 2×', latency <= 2),
  ];
}
