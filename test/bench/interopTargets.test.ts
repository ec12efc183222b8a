import { describe, expect, it } from 'vitest';
import { interopTargetLines } from './interopTargets.js';

describe('interopTargetLines', () => {
  it('prints nothing when the interop section did not run', () => {
    expect(interopTargetLines(new Map([['snapshot.ms', 5]]))).toEqual([]);
  });

  it('checks every recorded figure of a dataset against its bound, bounds included', () => {
    const figures = new Map([
      ['interop.strings.keys', 1_000_000],
      ['interop.strings.load', 1],
      ['interop.strings.gcShare', 0.18],
      ['interop.strings.memory', 1.2],
      ['interop.strings.syncVsRedis', 0.61],
    ]);
    expect(interopTargetLines(figures)).toEqual([
      'strings (1.00M keys): load .fkl / redis-server loading its RDB: 1.00× (target ≤ 1×): met',
      'strings (1.00M keys): GC pauses / wall time of the .fkl load: 0.18× (target ≤ 0.1×): missed',
      'strings (1.00M keys): memory per key / redis used_memory per key: 1.20× (target ≤ 1.2×): met',
      'strings (1.00M keys): full sync time to streaming / redis replica sync: 0.61× (target ≤ 0.6×): missed',
    ]);
  });

  it('allows the mixed set 1.3× the memory of redis, strings 1.2×', () => {
    const figures = new Map([
      ['interop.mixed.keys', 100_004],
      ['interop.mixed.memory', 1.25],
      ['interop.strings-small.keys', 100_000],
      ['interop.strings-small.memory', 1.25],
    ]);
    expect(interopTargetLines(figures)).toEqual([
      'mixed (100k keys): memory per key / redis used_memory per key: 1.25× (target ≤ 1.3×): met',
      'strings-small (100k keys): memory per key / redis used_memory per key: 1.25× (target ≤ 1.2×): missed',
    ]);
  });

  it('checks the pinned writer p99 and names the other pinnings next to it', () => {
    const lines = interopTargetLines(
      new Map([
        ['interop.p99Pinned', 2.5],
        ['interop.p99BothPinned', 1.125],
        ['interop.p99Unpinned', 3.25],
      ]),
    );
    expect(lines).toEqual(['writer p99 during full sync / idle, follower pinned to another core (leader pinned too: 1.13×, nothing pinned: 3.25×): 2.50× (target ≤ 2×): missed']);
  });

  it('a NaN ratio (a baseline of 0) is never met', () => {
    expect(
      interopTargetLines(
        new Map([
          ['interop.tiny.keys', 10],
          ['interop.tiny.load', Number.NaN],
        ]),
      ),
    ).toEqual(['tiny (10 keys): load .fkl / redis-server loading its RDB: NaN× (target ≤ 1×): missed']);
  });
});
