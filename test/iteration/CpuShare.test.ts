import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuShare } from '../../lib/iteration/CpuShare.js';

const SEED = 20261207;

/**
 * A loop simulated turn by turn: others' work and the background's slices advance its active time
 * and its wall time (each turn costs `overhead` ms of the loop's own on top; a refused background
 * waits 1 ms, in which the loop is idle unless the next turn's others fill it).
 */
function simulatedLoop(share: number, overhead = 0) {
  let active = 0;
  let wall = 0;
  const cpu = new CpuShare(
    share,
    () => active,
    () => wall,
  );
  return {
    cpu,
    /** One turn: others work `others` ms, then the background runs `slice` ms if allowed; true if it ran. */
    turn(others: number, slice: number): boolean {
      active += others + overhead;
      wall += others + overhead;
      if (!cpu.mayRun()) {
        wall += Math.max(0, 1 - others - overhead);
        return false;
      }
      active += slice;
      wall += slice;
      cpu.spent(slice);
      return true;
    },
  };
}

/** Runs `turns` turns of `others` ms of other work and `slice` ms of background; returns the background's time. */
function backgroundTime(loop: ReturnType<typeof simulatedLoop>, turns: number, others: number, slice: number): number {
  let background = 0;
  for (let turn = 0; turn < turns; turn++) if (loop.turn(others, slice)) background += slice;
  return background;
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
    const loop = simulatedLoop(0.1, 0.01);
    for (let turn = 0; turn < 1000; turn++) expect(loop.turn(0.01, 0.5)).toBe(true);
  });

  it('a busy loop whose requests come in many short turns still keeps 1 - share of its time', () => {
    // Each turn serves 0.1 ms of requests: no single turn looks busy, the loop as a whole is.
    const loop = simulatedLoop(0.1, 0.01);
    const others = 10_000 * 0.11;
    const background = backgroundTime(loop, 10_000, 0.1, 0.5);
    expect(background).toBeLessThanOrEqual((others * 0.1) / 0.9 + 2);
    expect(background).toBeGreaterThanOrEqual(0.8 * ((10_000 * 0.1 * 0.1) / 0.9));
  });

  it('a loop that goes quiet again gives the background all of its time within a window', () => {
    const loop = simulatedLoop(0.1, 0.01);
    backgroundTime(loop, 1000, 1, 0.5);
    // Quiet turns: after at most one 2 ms window of them, every turn runs the background.
    let refused = 0;
    for (let turn = 0; turn < 1000; turn++) if (!loop.turn(0, 0.5)) refused++;
    expect(refused).toBeLessThanOrEqual(3);
    expect(loop.turn(0, 0.5)).toBe(true);
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
