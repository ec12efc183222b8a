import type { BenchContext } from './BenchContext.js';
import { interopTargetLines } from './interopTargets.js';
import { targetLine as line } from './targetLine.js';

/**
 * The issues' targets, checked against this run: snapshot keys/s at least half the raw limit and
 * the writer's p99 during a snapshot at most twice idle (when the snapshot section ran); the RESP
 * server's throughput, p99 and throughput during BGSAVE against redis-server (when the server
 * section ran); the interop section's targets against redis-server (see interopTargetLines). One
 * line each.
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
  const lines: string[] = [];
  if (snapshot !== undefined && raw !== undefined && during !== undefined && idle !== undefined) {
    const throughput = snapshot / raw;
    const latency = during.latencyP99 / idle.latencyP99;
    lines.push(line('snapshot keys/s / raw limit keys/s', throughput, '≥ 0.5×', throughput >= 0.5));
    lines.push(line('writer latency p99 during snapshot / idle', latency, '≤ 2×', latency <= 2));
  }
  const server = (key: string) => context.figures.get(`server.${key}`);
  const [p16, p1, p99, bgsave] = [server('p16'), server('p1'), server('p99'), server('bgsave')];
  if (p16 !== undefined && p1 !== undefined && p99 !== undefined && bgsave !== undefined) {
    lines.push(line('server SET/GET -P 16 / redis-server', p16, '≥ 0.6×', p16 >= 0.6));
    lines.push(line('server SET/GET -P 1 / redis-server', p1, '≥ 0.8×', p1 >= 0.8));
    lines.push(line('server p99 -P 1 / redis-server', p99, '≤ 2×', p99 <= 2));
    lines.push(line('server -P 16 during BGSAVE / without', bgsave, '≥ 0.8×', bgsave >= 0.8));
  }
  return [...lines, ...interopTargetLines(context.figures)];
}
