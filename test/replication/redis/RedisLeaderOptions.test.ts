import { describe, expect, it } from 'vitest';
import { normalizeRedisLeaderOptions } from '../../../lib/replication/redis/RedisLeaderOptions.js';

describe('RedisLeader options', () => {
  it("pace the full sync at bgIteration's budget with 64 entries per cycle, each field defaulted on its own", () => {
    expect(normalizeRedisLeaderOptions().iteration).toMatchObject({ budgetMs: 2, batchSize: 64 });
    expect(normalizeRedisLeaderOptions({ iteration: { budgetMs: 1 } }).iteration).toMatchObject({ budgetMs: 1, batchSize: 64 });
  });

  it('refuse a bad pace when the leader is built, naming the field', () => {
    expect(() => normalizeRedisLeaderOptions({ iteration: { batchSize: 0 } })).toThrowError(
      expect.objectContaining({ code: 'FORKLESS_ERR_INVALID_OPTION', message: 'RedisLeader: iteration.batchSize must be an integer ≥ 1, got 0' }),
    );
    expect(() => normalizeRedisLeaderOptions({ iteration: 5 as never })).toThrowError(/RedisLeader: iteration must be an object, got 5/);
  });
});
