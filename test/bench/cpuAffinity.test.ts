import { describe, expect, it } from 'vitest';
import { coreMask, parseAffinityMask } from './cpuAffinity.js';

describe('cpu affinity helpers', () => {
  it('parseAffinityMask reads the hex mask of `taskset -p`, joining grouped masks', () => {
    expect(parseAffinityMask("pid 5901's current affinity mask: 3\n")).toBe('3');
    expect(parseAffinityMask("pid 7's current affinity mask: ff,ffffffff\n")).toBe('ffffffffff');
  });

  it('parseAffinityMask refuses output without a mask', () => {
    expect(() => parseAffinityMask('taskset: failed to get pid 1 affinity')).toThrow(/no affinity mask/);
  });

  it('coreMask is the one bit of the core, in hex', () => {
    expect([0, 1, 3, 4, 5, 64].map(coreMask)).toEqual(['1', '2', '8', '10', '20', '10000000000000000']);
  });
});
