import { describe, expect, it } from 'vitest';
import { cpuMilliseconds, durationWithin, measureWork } from './measureWork.js';

describe('measureWork helpers', () => {
  it('cpuMilliseconds adds user and system time and converts µs to ms', () => {
    expect(cpuMilliseconds({ user: 1500, system: 500 })).toBe(2);
    expect(cpuMilliseconds({ user: 0, system: 0 })).toBe(0);
  });

  it('durationWithin sums only the entries that started inside the window, bounds included', () => {
    const entries = [
      { startTime: 4, duration: 100 },
      { startTime: 5, duration: 2 },
      { startTime: 7.5, duration: 3 },
      { startTime: 10, duration: 1 },
      { startTime: 10.1, duration: 50 },
    ];
    expect(durationWithin(entries, 5, 10)).toBe(6);
    expect(durationWithin(entries, 20, 30)).toBe(0);
    expect(durationWithin([], 0, 1)).toBe(0);
  });

  it('measureWork returns the work result with non-negative costs', async () => {
    const { result, cost } = await measureWork(async () => 42);
    expect(result).toBe(42);
    expect(cost.wallMs).toBeGreaterThanOrEqual(0);
    expect(cost.cpuMs).toBeGreaterThanOrEqual(0);
    expect(cost.gcMs).toBeGreaterThanOrEqual(0);
  });
});
