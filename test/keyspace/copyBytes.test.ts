import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyBytes } from '../../lib/keyspace/copyBytes.js';

const SEED = 20261207;

describe('copyBytes', () => {
  it(`copies exactly the range, as Buffer#copy does, and touches nothing else (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(), fc.nat(), fc.nat(40), (bytes, startSeed, lengthSeed, at) => {
        const source = Buffer.from(bytes);
        const start = startSeed % (source.length + 1);
        const end = start + (lengthSeed % (source.length - start + 1));
        const target = Buffer.alloc(at + 90, 0xee);
        const expected = Buffer.from(target);
        source.copy(expected, at, start, end);
        expect(copyBytes(source, start, end, target, at)).toBe(at + end - start);
        expect(target).toEqual(expected);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
