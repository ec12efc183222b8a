/** Samples a metric keeps (Redis's STATS_METRIC_SAMPLES). */
const SAMPLES = 16;

/**
 * A rate as Redis's INFO `instantaneous_*` fields compute it: a counter sampled every 100 ms, each
 * sample the rate per second since the previous one, the figure the mean of the last 16 samples
 * (so it follows the last 1.6 s, and starts from zero).
 *
 * @example
 * ```ts
 * const ops = new InstantaneousMetric(0);
 * ops.sample(500, 100); // 500 more in 100 ms: 5000/s
 * ops.perSecond; // 312 (5000 / 16)
 * ```
 */
export class InstantaneousMetric {
  private readonly samples = new Float64Array(SAMPLES);
  private next = 0;
  private lastValue = 0;

  /** @param lastTime when counting started (ms). */
  constructor(private lastTime: number) {}

  /** Takes a sample: the counter's `value` at `now` (ms). */
  sample(value: number, now: number): void {
    const elapsed = now - this.lastTime;
    this.samples[this.next] = elapsed > 0 ? Math.trunc(((value - this.lastValue) * 1000) / elapsed) : 0;
    this.next = (this.next + 1) % SAMPLES;
    this.lastTime = now;
    this.lastValue = value;
  }

  /** The mean rate of the last samples, per second (an integer, as Redis's). */
  get perSecond(): number {
    return Math.trunc(this.samples.reduce((sum, rate) => sum + rate, 0) / SAMPLES);
  }
}
