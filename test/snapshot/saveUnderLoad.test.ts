import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyspace } from '../../lib/keyspace/Keyspace.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { FIXED_NOW, loadAtFixedTime, randomKeyspace, randomWrite, saveToFile, seededRandom, temporaryDirectory, temporaryFilesIn } from './support/snapshotFixtures.js';

let directory: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ directory, cleanup } = await temporaryDirectory()));
afterEach(() => cleanup());

/** Random writes of every type from setImmediate callbacks until `stop()`; returns the count. */
function writeLoad(ks: Keyspace, seed: number, writesPerTick: number): { stop: () => number } {
  const random = seededRandom(seed);
  let writes = 0;
  let handle = setImmediate(function tick() {
    for (let index = 0; index < writesPerTick; index++) randomWrite(ks, random, 2000);
    writes += writesPerTick;
    handle = setImmediate(tick);
  });
  return {
    stop: () => {
      clearImmediate(handle);
      return writes;
    },
  };
}

async function loadedDigest(path: string): Promise<string> {
  return (await loadAtFixedTime(path)).digest();
}

describe('saveSnapshot under a concurrent write load', () => {
  it.each([1, 2, 3])('a save equals the keyspace at its start while every type is written (seed %i)', async (seed) => {
    const ks = randomKeyspace(seed, 20_000, 2000);
    const digestAtStart = ks.digest();
    const offsetAtStart = ks.offset;
    const load = writeLoad(ks, seed * 101, 50);
    // Small cycles so the save spans many event-loop turns of writes.
    const done = await saveToFile(ks, join(directory, 'dump.fkl'), { batchSize: 64, budgetMs: 1 });
    const writes = load.stop();
    expect(writes).toBeGreaterThan(0);
    expect(ks.digest()).not.toBe(digestAtStart);
    expect(done.state).toBe('done');
    const loaded = await loadSnapshot(join(directory, 'dump.fkl'), new Keyspace({ clock: () => FIXED_NOW }));
    expect(loaded.digest()).toBe(digestAtStart);
    expect(loaded.offset).toBe(offsetAtStart);
  });

  it('two concurrent saves started at different times each hold their own T0', async () => {
    const ks = randomKeyspace(11, 20_000, 2000);
    const load = writeLoad(ks, 12, 50);
    const firstDigest = ks.digest();
    const first = saveToFile(ks, join(directory, 'first.fkl'), { batchSize: 64, budgetMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const secondDigest = ks.digest();
    const second = saveToFile(ks, join(directory, 'second.fkl'), { batchSize: 64, budgetMs: 1 });
    await Promise.all([first, second]);
    load.stop();
    expect(secondDigest).not.toBe(firstDigest);
    expect(await loadedDigest(join(directory, 'first.fkl'))).toBe(firstDigest);
    expect(await loadedDigest(join(directory, 'second.fkl'))).toBe(secondDigest);
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });

  it('two concurrent saves to the same path leave one complete snapshot', async () => {
    const ks = randomKeyspace(21, 5000, 2000);
    const digest = ks.digest();
    const path = join(directory, 'dump.fkl');
    await Promise.all([saveToFile(ks, path), saveToFile(ks, path)]);
    expect(await loadedDigest(path)).toBe(digest);
    expect(await temporaryFilesIn(directory)).toEqual([]);
  });
});
