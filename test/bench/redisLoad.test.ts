import { describe, expect, it } from 'vitest';
import { parseRedisLoadSeconds } from './redisLoad.js';

describe('parseRedisLoadSeconds', () => {
  it('reads the seconds of redis-server 7.0 "DB loaded from disk" line', () => {
    const log = [
      '4242:M 06 Dec 2026 23:00:00.100 * Loading RDB produced by version 7.0.15',
      '4242:M 06 Dec 2026 23:00:00.101 * RDB age 3 seconds',
      '4242:M 06 Dec 2026 23:00:00.950 * Done loading RDB, keys loaded: 1000000, keys expired: 0.',
      '4242:M 06 Dec 2026 23:00:00.950 * DB loaded from disk: 0.849 seconds',
      '4242:M 06 Dec 2026 23:00:00.950 * Ready to accept connections',
    ].join('\n');
    expect(parseRedisLoadSeconds(log)).toBe(0.849);
  });

  it('takes the last load of a log that holds several starts', () => {
    expect(parseRedisLoadSeconds('* DB loaded from disk: 1.500 seconds\n* DB loaded from disk: 12.025 seconds\n')).toBe(12.025);
  });

  it('is null when the server has not logged a load (no RDB, or still loading)', () => {
    expect(parseRedisLoadSeconds('')).toBeNull();
    expect(parseRedisLoadSeconds('* Loading RDB produced by version 7.0.15\n')).toBeNull();
    expect(parseRedisLoadSeconds('* DB loaded from disk: seconds\n')).toBeNull();
  });
});
