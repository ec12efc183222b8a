import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../lib/seededRandom.js';
import { benchKey, randomValues } from './benchData.js';

describe('bench data', () => {
  it('values are reproducible from the seed, ASCII, of the asked size, across buffer blocks', () => {
    const first = randomValues(seededRandom(9), 70_000, 12);
    const again = randomValues(seededRandom(9), 70_000, 12);
    expect(again).toEqual(first);
    expect(first.every((value) => /^[A-Za-z0-9]{12}$/.test(value))).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(69_000);
    expect(randomValues(seededRandom(10), 1, 12)[0]).not.toBe(first[0]);
  });

  it('keys have one fixed width, so every key costs the same bytes', () => {
    expect(benchKey(0)).toBe('key:0000000000');
    expect(benchKey(999_999).length).toBe(benchKey(0).length);
  });
});
