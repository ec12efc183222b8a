import { createHistogram, monitorEventLoopDelay, performance, type IntervalHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { benchKey, randomValues, type RandomSource } from './benchData.js';

/** What a foreground client saw during one phase. Times in ms. */
export interface ForegroundStats {
  readonly commands: number;
  readonly latencyP50: number;
  readonly latencyP99: number;
  readonly latencyMax: number;
  readonly loopDelayP99: number;
  readonly loopDelayMax: number;
}

/** What the writer overwrites. */
export interface WriterTarget {
  readonly keyspace: Keyspace;
  /** Keys are `benchKey(0 … keys-1)`. */
  readonly keys: number;
  readonly valueSize: number;
  /** SETs per second; 0 = measure the event loop only. */
  readonly writeRate: number;
}

const NS_PER_MS = 1e6;

/**
 * A concurrent writer plus an event-loop delay monitor for one phase of a bench.
 *
 * The writer is open-loop: SETs of random existing keys are due at a fixed rate, a 1 ms timer runs
 * every command that is due, and a command's latency counts from when it was due to when it
 * returned. A stalled event loop therefore shows up as latency, as it would for a client whose
 * request waits in a socket buffer.
 *
 * @example
 * ```ts
 * const probe = new ForegroundProbe(target, seededRandom(1));
 * await saveSomething();
 * const stats = probe.stop(); // { latencyP99, loopDelayP99, … }
 * ```
 */
export class ForegroundProbe {
  private readonly latency: RecordableHistogram = createHistogram();
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  private readonly values: string[];
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout | null;
  private sent = 0;

  constructor(
    private readonly target: WriterTarget,
    private readonly random: RandomSource,
  ) {
    // A small pool of values: the writer's own allocations should not dominate the heap readings.
    this.values = randomValues(random, 1024, target.valueSize);
    this.loopDelay.enable();
    this.timer = target.writeRate > 0 ? setInterval(() => this.runDueCommands(), 1) : null;
  }

  /** Stops writing and monitoring; returns the phase's figures. */
  stop(): ForegroundStats {
    if (this.timer !== null) clearInterval(this.timer);
    this.runDueCommands();
    this.loopDelay.disable();
    const recorded = this.latency.count > 0;
    return {
      commands: this.sent,
      latencyP50: recorded ? this.latency.percentile(50) / NS_PER_MS : 0,
      latencyP99: recorded ? this.latency.percentile(99) / NS_PER_MS : 0,
      latencyMax: recorded ? this.latency.max / NS_PER_MS : 0,
      loopDelayP99: this.loopDelay.percentile(99) / NS_PER_MS,
      loopDelayMax: this.loopDelay.max / NS_PER_MS,
    };
  }

  private runDueCommands(): void {
    if (this.target.writeRate === 0) return;
    const { keyspace, keys, writeRate } = this.target;
    const intervalMs = 1000 / writeRate;
    const due = Math.floor((performance.now() - this.startedAt) / intervalMs);
    for (; this.sent < due; this.sent++) {
      const key = benchKey((this.random() * keys) | 0);
      keyspace.execute(['SET', key, this.values[this.sent & 1023]!]);
      const dueAt = this.startedAt + this.sent * intervalMs;
      this.latency.record(Math.max(1, Math.round((performance.now() - dueAt) * NS_PER_MS)));
    }
  }
}

/**
 * Runs a probe for `durationMs` with nothing else going on: the idle baseline.
 *
 * @example
 * ```ts
 * const idle = await idlePhase(target, seededRandom(1), 2000);
 * ```
 */
export async function idlePhase(target: WriterTarget, random: RandomSource, durationMs: number): Promise<ForegroundStats> {
  const probe = new ForegroundProbe(target, random);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  return probe.stop();
}
