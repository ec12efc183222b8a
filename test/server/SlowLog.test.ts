import { describe, expect, it } from 'vitest';
import { SlowLog } from '../../lib/server/SlowLog.js';

const client = { address: '127.0.0.1:5000', name: 'c' };
const ids = (log: SlowLog, count = -1) => log.get(count).map(([id]) => id);

describe('SlowLog', () => {
  it('keeps the newest slowlog-max-len entries, newest first, through trims, compactions and resizes', () => {
    const log = new SlowLog({ slowerThanUs: 10, maxLength: 100 }, () => 1_700_000_000_999);
    log.record(['GET', 'fast'], 9, client); // under the threshold
    for (let index = 0; index < 5000; index++) log.record(['SET', `k${index}`, 'v'], 10, client);
    expect(log.length).toBe(100);
    expect(ids(log)).toEqual(Array.from({ length: 100 }, (_, index) => 4999 - index));
    expect(ids(log, 3)).toEqual([4999, 4998, 4997]);
    expect(ids(log, 0)).toEqual([]);
    expect(log.get(1)[0]).toEqual([4999, 1_700_000_000, 10, ['SET', 'k4999', 'v'], '127.0.0.1:5000', 'c']);
    log.configure({ slowerThanUs: 10, maxLength: 2 });
    expect(ids(log)).toEqual([4999, 4998]);
    log.configure({ slowerThanUs: -1, maxLength: 200 });
    log.record(['GET', 'x'], 1e9, client); // a negative threshold keeps nothing
    expect(ids(log)).toEqual([4999, 4998]);
    log.reset();
    expect(log.length).toBe(0);
    expect(ids(log)).toEqual([]);
  });
});
