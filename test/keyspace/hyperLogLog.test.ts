import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisComparison } from '../support/redisComparison.js';

/** Encoding byte of an HLL string: 1 sparse, 0 dense. */
const encodingOf = (value: unknown) => (value as string).charCodeAt(4);
const elements = (from: number, count: number) => Array.from({ length: count }, (_, index) => `item:${from + index}`);

describe('HyperLogLog against redis-server (byte-exact values)', () => {
  let sides: RedisComparison;

  beforeAll(async () => {
    sides = await RedisComparison.start();
  });
  afterAll(async () => {
    await sides?.stop();
  });
  beforeEach(async () => {
    await sides.reset();
    await sides.redis(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
    sides.keyspace.encoding.hllSparseMaxBytes = 3000;
  });

  /** Compares GET (the whole HLL string) and then PFCOUNT (which caches into it) and GET again. */
  async function expectSame(key: string): Promise<string> {
    const [redisValue, localValue] = await sides.both(['GET', key]);
    expect(localValue).toEqual(redisValue);
    const [redisCount, localCount] = await sides.both(['PFCOUNT', key]);
    expect(localCount).toEqual(redisCount);
    const [cachedRedis, cachedLocal] = await sides.both(['GET', key]);
    expect(cachedLocal).toEqual(cachedRedis);
    return cachedRedis as string;
  }

  it('grows sparse, turns dense past hll-sparse-max-bytes, and stays equal at every step', async () => {
    const encodings = new Set<number>();
    for (let batch = 0; batch < 40; batch++) {
      const [redisReply, localReply] = await sides.both(['PFADD', 'visitors', ...elements(batch * 75, 75)]);
      expect(localReply).toBe(redisReply);
      encodings.add(encodingOf(await expectSame('visitors')));
    }
    expect([...encodings].sort()).toEqual([0, 1]);
    // A dense HLL keeps taking elements.
    expect(await sides.both(['PFADD', 'visitors', 'late', 'arrival'])).toEqual([1, 1]);
    await expectSame('visitors');
  });

  it('promotes at a lowered hll-sparse-max-bytes (the threshold comes from the encoding options)', async () => {
    await sides.redis(['CONFIG', 'SET', 'hll-sparse-max-bytes', '120']);
    sides.keyspace.encoding.hllSparseMaxBytes = 120;
    for (let batch = 0; batch < 6; batch++) {
      await sides.both(['PFADD', 'small', ...elements(batch * 10, 10)]);
      await expectSame('small');
    }
    expect(encodingOf(sides.local(['GET', 'small']))).toBe(0);
  });

  it('merges sparse and dense sources into new and existing keys; multi-key PFCOUNT agrees', async () => {
    await sides.both(['PFADD', 'dense', ...elements(0, 3000)]);
    await sides.both(['PFADD', 'sparse', ...elements(2900, 200)]);
    await sides.both(['PFADD', 'other', 'x', 'y']);
    expect(encodingOf(sides.local(['GET', 'dense']))).toBe(0);
    expect(await sides.both(['PFMERGE', 'sparse-only', 'sparse', 'other'])).toEqual(['OK', 'OK']);
    await expectSame('sparse-only');
    expect(await sides.both(['PFMERGE', 'other', 'dense', 'nokey'])).toEqual(['OK', 'OK']);
    await expectSame('other');
    const [redisCount, localCount] = await sides.both(['PFCOUNT', 'dense', 'sparse', 'nokey']);
    expect(localCount).toBe(redisCount);
  });

  it('creates an empty HLL with PFADD and no elements; rejects strings that are not HLLs', async () => {
    expect(await sides.both(['PFADD', 'empty'])).toEqual([1, 1]);
    expect(await sides.both(['PFADD', 'empty'])).toEqual([0, 0]);
    await expectSame('empty');
    await sides.both(['SET', 'plain', 'HYLLnot really']);
    await sides.both(['SET', 'short', 'HYLL']);
    for (const argv of [
      ['PFADD', 'plain', 'a'],
      ['PFCOUNT', 'short'],
      ['PFMERGE', 'empty', 'plain'],
      ['PFCOUNT', 'empty', 'plain'],
    ]) {
      const [redisReply, localReply] = await sides.both(argv);
      expect(localReply).toEqual({ error: 'WRONGTYPE Key is not a valid HyperLogLog string value.' });
      expect(localReply).toEqual(redisReply);
    }
  });
});
