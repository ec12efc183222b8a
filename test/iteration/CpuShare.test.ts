import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuShare } from '../../lib/iteration/CpuShare.js';

const SEED = 20261207;

/** A loop simulated turn by turn: others' work and the background's slices advance its active time. */
function simulatedLoop(share: number) {
  let active = 0;
  const cpu = new CpuShare(share, () => active);
  return {
    cpu,
    /** One turn: others work `others` ms, then the background runs `slice` ms if allowed; true if it ran. */
    turn(others: number, slice: number): boolean {
      active += others;
      if (!cpu.mayRun()) return false;
      active += slice;
      cpu.spent(slice);
      return true;
    },
  };
}

describe('CpuShare', () => {
  it(`a saturated loop keeps 1 - share of its time, whatever the slices (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0.5, max: 20, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true })), { minLength: 200, maxLength: 400 }),
        (share, turns) => {
          const loop = simulatedLoop(share);
          let others = 0;
          let background = 0;
          let wanted = 0;
          for (const [work, slice] of turns) {
            others += work;
            wanted += slice;
            if (loop.turn(work, slice)) background += slice;
          }
          const allowed = (others * share) / (1 - share);
          // At most the share, give or take one slice and the capped credit…
          expect(background).toBeLessThanOrEqual(allowed + 3 + 10);
          // …and never starved: most of what it asked for, up to its share (a refused turn's
          // slice is lost in this model, so it cannot always reach the whole share).
          expect(background).toBeGreaterThanOrEqual(0.8 * Math.min(wanted, allowed) - 3 - 10);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('an idle loop never makes the background wait', () => {
    const loop = simulatedLoop(0.1);
    for (let turn = 0; turn < 1000; turn++) expect(loop.turn(0.1, 2)).toBe(true);
  });

  it('credit saved during a long busy stretch is capped: no long burst afterwards', () => {
    const loop = simulatedLoop(0.5);
    for (let turn = 0; turn < 10; turn++) loop.turn(100, 0);
    // Slices of 3 ms against 1 ms of other work: only the saved credit lets it run, and not for long.
    let burst = 0;
    while (loop.turn(1, 3) && burst < 100) burst++;
    expect(burst).toBeLessThanOrEqual(6);
  });

  it('its scheduler runs actions on later turns, reschedules, and charges their time', async () => {
    let active = 0;
    const cpu = new CpuShare(0.5, () => active);
    const ran: number[] = [];
    await new Promise<void>((resolve) => {
      cpu.scheduler().schedule<number>(
        function (count) {
          ran.push(count!);
          active += 0.1;
          if (count! < 3) this.schedule(count! + 1);
          else resolve();
        },
        0,
        1,
      );
    });
    expect(ran).toEqual([1, 2, 3]);
  });

  it('an unsubscribed action never runs', async () => {
    const cpu = new CpuShare(0.5, () => 0);
    let ran = false;
    cpu
      .scheduler()
      .schedule(() => (ran = true))
      .unsubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(false);
  });
});
