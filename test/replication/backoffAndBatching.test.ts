import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from '../../lib/replication/backoff.js';
import { seededRandom } from '../../lib/seededRandom.js';
import { FrameBatcher } from '../../lib/replication/FrameBatcher.js';
import { closeCodeOf, closeError, closeReason, ReplicationCloseCode } from '../../lib/replication/closeCodes.js';
import { ForklessError } from '../../lib/errors.js';

describe('exponentialBackoff', () => {
  it('grows by the multiplier up to the cap, with jitter taking off at most its fraction', () => {
    const delay = exponentialBackoff({ initialDelayMs: 100, maxDelayMs: 2000, multiplier: 2, jitter: 0.5, random: seededRandom(3) });
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(2000, 100 * 2 ** (attempt - 1));
      const value = delay(attempt);
      expect(value).toBeLessThanOrEqual(ceiling);
      expect(value).toBeGreaterThanOrEqual(ceiling / 2);
    }
  });

  it('is deterministic for a seed and varies between seeds', () => {
    const run = (seed: number) => {
      const delay = exponentialBackoff({ random: seededRandom(seed) });
      return [1, 2, 3, 4, 5].map(delay);
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('without jitter gives exact powers', () => {
    const delay = exponentialBackoff({ initialDelayMs: 10, jitter: 0 });
    expect([1, 2, 3].map(delay)).toEqual([10, 20, 40]);
  });
});

describe('FrameBatcher', () => {
  it('hands over one batch per synchronous burst, and splits at the item and byte limits', async () => {
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>(
      (batch) => batches.push(batch),
      (item) => item,
      { maxItems: 4, maxBytes: 100 },
    );
    for (const item of [1, 2, 3, 4, 5, 6]) batcher.add(item);
    batcher.add(200);
    batcher.add(7);
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6, 200],
    ]);
    await Promise.resolve();
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6, 200], [7]]);
  });

  it('flush sends what is pending at once; discard drops it', async () => {
    const batches: string[][] = [];
    const batcher = new FrameBatcher<string>(
      (batch) => batches.push(batch),
      () => 1,
    );
    batcher.add('a');
    batcher.flush();
    batcher.add('b');
    batcher.discard();
    await Promise.resolve();
    expect(batches).toEqual([['a']]);
  });
});

describe('close codes', () => {
  it('map errors to close codes and back to the same error code', () => {
    for (const code of ['FORKLESS_ERR_PROTOCOL', 'FORKLESS_ERR_OUTPUT_LIMIT', 'FORKLESS_ERR_TIMEOUT', 'FORKLESS_ERR_SYNC_FAILED', 'FORKLESS_ERR_PROTOCOL_VERSION'] as const) {
      const closeCode = closeCodeOf(new ForklessError(code, 'x'));
      expect(closeError(closeCode, 'why').code).toBe(code);
    }
    expect(closeCodeOf(new Error('plain'))).toBe(ReplicationCloseCode.protocol);
    expect(closeError(1006, '').code).toBe('FORKLESS_ERR_CLOSED');
    expect(closeError(1009, 'Max payload size exceeded').code).toBe('FORKLESS_ERR_MESSAGE_TOO_LARGE');
  });

  it('keeps close reasons within the 123-byte WebSocket limit', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
    expect(closeReason('short')).toBe('short');
  });
});
